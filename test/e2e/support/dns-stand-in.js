// A DNS server on 127.0.0.1 for the blackbox exporter's dns module to ask: it answers every
// A query with one record of the given address, as a provider's name server answers for a
// site's record. A test target, like the TLS endpoint: the real part under test is the
// exporter and its module.
import dgram from 'node:dgram';

/** Starts a UDP DNS server answering `address` for any A query; resolves with its port. */
export async function startDnsStandIn(address) {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (query, peer) => {
    if (query.length < 12) return;
    // The question ends after its labels (a zero length) and its type and class.
    let end = 12;
    while (end < query.length && query[end] !== 0) end += query[end] + 1;
    end += 5;
    if (end > query.length) return;
    const question = query.subarray(12, end);
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2); // the query's id
    header.writeUInt16BE(0x8180, 2); // a response, recursion desired and available, NOERROR
    header.writeUInt16BE(1, 4); // one question
    header.writeUInt16BE(1, 6); // one answer
    const answer = Buffer.alloc(16);
    answer.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    answer.writeUInt16BE(1, 2); // type A
    answer.writeUInt16BE(1, 4); // class IN
    answer.writeUInt32BE(300, 6); // TTL
    answer.writeUInt16BE(4, 10);
    address.split('.').forEach((part, index) => answer.writeUInt8(Number(part), 12 + index));
    socket.send(Buffer.concat([header, question, answer]), peer.port, peer.address);
  });
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, stop: () => new Promise((resolve) => socket.close(resolve)) };
}
