// A throwaway RabbitMQ from Debian's rabbitmq-server on 127.0.0.1: its own node name, AMQP,
// distribution and epmd ports (free ones, so a system RabbitMQ is left alone), its data, logs
// and Erlang cookie in a temporary directory, no plugins, and one user with a password (so the
// tests can check it never reaches a span). Its epmd (the Erlang port mapper) is started first
// as a child of the test, in the foreground, so that none is left running as a daemon.
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { freePort } from '../../../support/app-process.js';
import { requireBinary, startServerProcess, temporaryDirectory, waitForServer } from './server-process.js';

const BINARY = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const EPMD = '/usr/bin/epmd';
const USER = 'compat';
/** The AMQP 0-9-1 protocol header: a broker that is up answers it with Connection.Start. */
const AMQP_HEADER = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]);

export async function startRabbitmq({ password }) {
  const binary = requireBinary(BINARY, 'rabbitmq-server');
  const epmd = requireBinary(EPMD, 'erlang-base');
  const directory = temporaryDirectory('rabbitmq-');
  const [port, distributionPort, epmdPort] = [await freePort(), await freePort(), await freePort()];
  writeFileSync(join(directory, 'enabled_plugins'), '[].\n');
  writeFileSync(join(directory, 'rabbitmq.conf'), `default_user = ${USER}\ndefault_pass = ${password}\n`);
  const portMapper = startServerProcess('epmd', epmd, ['-port', String(epmdPort), '-address', '127.0.0.1'], { env: { ERL_EPMD_PORT: String(epmdPort) } });
  await waitForServer(portMapper, () => acceptsConnections(epmdPort), 'epmd to listen');
  const server = startServerProcess('RabbitMQ', binary, [], {
    env: {
      HOME: directory,
      RABBITMQ_NODENAME: `compat-${port}@localhost`,
      RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
      RABBITMQ_NODE_PORT: String(port),
      RABBITMQ_DIST_PORT: String(distributionPort),
      ERL_EPMD_PORT: String(epmdPort),
      RABBITMQ_MNESIA_BASE: join(directory, 'mnesia'),
      RABBITMQ_LOG_BASE: join(directory, 'log'),
      RABBITMQ_LOGS: '-',
      RABBITMQ_CONFIG_FILE: join(directory, 'rabbitmq'),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(directory, 'enabled_plugins'),
    },
  });
  await waitForServer(server, () => answersAmqp(port), 'RabbitMQ to answer the AMQP header', 60_000);
  return {
    port,
    url: `amqp://${USER}:${password}@127.0.0.1:${port}`,
    async stop() {
      await server.stop('SIGTERM');
      await portMapper.stop('SIGTERM');
    },
  };
}

function answersAmqp(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const done = (answer) => { clearTimeout(timer); socket.destroy(); resolve(answer); };
    const timer = setTimeout(() => done(false), 1_000);
    socket.on('connect', () => socket.write(AMQP_HEADER));
    socket.on('data', (chunk) => done(chunk[0] === 1)); // a method frame
    socket.on('error', () => done(false));
  });
}

function acceptsConnections(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => { socket.destroy(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}
