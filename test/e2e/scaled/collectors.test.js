// The scaled topology's collector tiers under faults, with the real collector binary and
// otel-collector/agent.yaml and gateway.yaml as docker-compose.scaled.yml runs them: spans go
// in at the agent over OTLP/HTTP, as an application's SDK sends them (a request that fails is
// sent again, as the SDK's retry does), through the two gateways, out to one stand-in Tempo
// per gateway (Tempo itself cannot run here), so each test can tell which gateway a trace
// went through and count, span by span, what went in against what came out.
//
// Every trace is from the development environment, which the gateways' tail sampling keeps
// whole, so "came out" must equal "went in" wherever nothing died.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startReceiver } from '../../support/otlp-receiver.js';
import { startAgent, startGateways, sumOf } from '../support/scaled-topology.js';
import { scaled } from '../support/time-scale.js';

const DECISION_WAIT_MS = 10_000; // gateway.yaml, tail_sampling.decision_wait
const SPANS_PER_TRACE = 3;
const SERVICES = ['checkout', 'catalog', 'accounts'];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One span in OTLP/JSON. */
function span(traceId, parentSpanId, name) {
  const now = BigInt(Date.now()) * 1_000_000n;
  return {
    traceId,
    spanId: randomBytes(8).toString('hex'),
    ...(parentSpanId ? { parentSpanId } : {}),
    name,
    kind: parentSpanId ? 3 : 2,
    startTimeUnixNano: String(now - 2_000_000n),
    endTimeUnixNano: String(now),
    status: {},
  };
}

/** An OTLP/JSON traces request: each service's spans under its own resource. */
function request(spansByService) {
  return {
    resourceSpans: Object.entries(spansByService).map(([service, spans]) => ({
      resource: { attributes: [
        { key: 'service.name', value: { stringValue: service } },
        { key: 'deployment.environment.name', value: { stringValue: 'development' } },
      ] },
      scopeSpans: [{ scope: { name: 'fault-test' }, spans }],
    })),
  };
}

/**
 * Sends traces to the agent until stopped: every `intervalMs`, the roots of `perTick` new
 * traces and the two children of the previous tick's traces, so that each trace's spans
 * arrive in two requests, as a distributed trace's spans do. A request that fails (the agent
 * is down) is sent again until accepted. Records each trace's first send time and the span
 * ids the agent accepted.
 */
function startLoad(agentUrl, { perTick = 10, intervalMs = 100 } = {}) {
  const accepted = new Set();
  const traces = new Map(); // traceId -> { firstSentAt, service }
  let pending = [];
  let running = true;
  const send = async (body, spanIds) => {
    for (;;) {
      try {
        const response = await fetch(`${agentUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        if (response.ok) { for (const id of spanIds) accepted.add(id); return; }
      } catch {
        // The agent is down: sent again below, as an SDK retries.
      }
      await sleep(50);
    }
  };
  const loop = (async () => {
    let tick = 0;
    while (running) {
      const bySerivce = {};
      const spanIds = [];
      const add = (service, item) => { (bySerivce[service] ??= []).push(item); spanIds.push(item.spanId); };
      for (const { traceId, rootId, service } of pending) {
        add(service, span(traceId, rootId, 'query'));
        add(service, span(traceId, rootId, 'render'));
      }
      pending = [];
      for (let index = 0; index < perTick; index++) {
        const traceId = randomBytes(16).toString('hex');
        const service = SERVICES[(tick + index) % SERVICES.length];
        const root = span(traceId, undefined, 'GET /items');
        add(service, root);
        traces.set(traceId, { firstSentAt: Date.now(), service });
        pending.push({ traceId, rootId: root.spanId, service });
      }
      tick++;
      await Promise.all([send(request(bySerivce), spanIds), sleep(intervalMs)]);
    }
    // The last tick's children, so every trace is complete.
    const last = {};
    const spanIds = [];
    for (const { traceId, rootId, service } of pending) {
      for (const name of ['query', 'render']) {
        const item = span(traceId, rootId, name);
        (last[service] ??= []).push(item);
        spanIds.push(item.spanId);
      }
    }
    if (spanIds.length) await send(request(last), spanIds);
  })();
  return {
    accepted,
    traces,
    async stop() { running = false; await loop; },
  };
}

/** Spans at a stand-in Tempo, by trace id: the set of span ids received (duplicates merged). */
function tracesAt(tempo) {
  const byTrace = new Map();
  for (const item of tempo.spans()) {
    if (!byTrace.has(item.traceId)) byTrace.set(item.traceId, new Set());
    byTrace.get(item.traceId).add(item.spanId);
  }
  return byTrace;
}

/** The span ids at the stand-ins, whichever gateway they came through. */
function spanIdsAt(tempos) {
  return new Set(tempos.flatMap((tempo) => tempo.spans().map((item) => item.spanId)));
}

/**
 * Waits until every span id in `expected` is at the stand-ins, or until none has arrived for
 * long enough that the missing ones are not coming: a decision wait, plus time for a busy
 * machine's retries and backoff. Returns how many arrived.
 */
async function settle(tempos, expected, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    const present = spanIdsAt(tempos);
    const received = [...expected].filter((id) => present.has(id)).length;
    if (received === expected.size) return received;
    if (received !== last) { last = received; stableSince = Date.now(); }
    if (Date.now() > deadline || Date.now() - stableSince > DECISION_WAIT_MS + scaled(35_000)) return received;
    await sleep(250);
  }
}

describe('the scaled topology\'s collectors', () => {
  let tempos;
  let sinks;
  let gateways;
  let agent;

  before(async () => {
    tempos = [await startReceiver(), await startReceiver()];
    sinks = [await startReceiver(), await startReceiver()];
    gateways = await startGateways((index) => ({ tempoUrl: tempos[index - 1].url, prometheusUrl: sinks[index - 1].url, lokiUrl: sinks[index - 1].url }));
    agent = await startAgent(gateways);
  });

  after(async () => {
    await agent?.stop();
    for (const gateway of gateways ?? []) await gateway.stop();
    for (const receiver of [...(tempos ?? []), ...(sinks ?? [])]) await receiver.close();
  });

  const clear = () => { for (const tempo of tempos) tempo.received.traces.length = 0; };

  // A restart, as `docker compose restart` does it (SIGTERM, then the same command), and a
  // kill, which gives the agent no chance to finish anything.
  for (const [how, signal] of [['restarted', 'SIGTERM'], ['killed', 'SIGKILL']]) test(`the agent ${how} under load loses nothing: every span it accepted comes out, each trace whole and through one gateway`, async () => {
    clear();
    const load = startLoad(agent.url);
    await sleep(scaled(3_000));
    const acceptedBefore = load.accepted.size;
    await agent.stop(signal);
    await agent.restart();
    await sleep(scaled(3_000));
    await load.stop();
    // The load ran on both sides of the stop (requests refused meanwhile were sent again).
    assert.ok(acceptedBefore > 0 && load.accepted.size > acceptedBefore, `spans accepted before the stop (${acceptedBefore}) and after the restart (${load.accepted.size - acceptedBefore})`);

    const received = await settle(tempos, load.accepted, scaled(120_000));
    const atGateway = tempos.map(tracesAt);
    const missing = [...load.accepted].filter((id) => !atGateway.some((traces) => [...traces.values()].some((ids) => ids.has(id))));
    assert.equal(missing.length, 0, `${missing.length} of ${load.accepted.size} accepted spans never came out; the agent said:\n${agent.output().slice(-6000)}`);
    for (const [traceId] of load.traces) {
      const holders = atGateway.filter((traces) => traces.has(traceId));
      assert.equal(holders.length, 1, `trace ${traceId} went through exactly one gateway`);
      assert.equal(holders[0].get(traceId).size, SPANS_PER_TRACE, `trace ${traceId} is whole`);
    }
    assert.ok(atGateway.every((traces) => traces.size > load.traces.size / 4), `both gateways took a share: ${atGateway.map((traces) => traces.size)}`);
    // At least once: a batch in flight at the stop is sent again after the restart.
    const copies = tempos.reduce((total, tempo) => total + tempo.spans().filter((item) => load.accepted.has(item.spanId)).length, 0);
    console.log(`# agent ${how}: ${load.accepted.size} spans accepted, all came out; ${copies - received} delivered twice`);
  });

  test('a gateway killed mid-load: traces outside its last decision wait and its downtime stay whole, and no more are lost', async () => {
    clear();
    const [, victim] = gateways;
    const load = startLoad(agent.url);
    // Longer than a decision wait and the margins, so that traces before the bound's window
    // are checked too.
    await sleep(DECISION_WAIT_MS + scaled(8_000));
    const killedAt = Date.now();
    await victim.kill();
    await sleep(scaled(3_000));
    await victim.restart();
    const restartedAt = Date.now();
    await sleep(scaled(4_000));
    await load.stop();

    await settle(tempos, load.accepted, scaled(120_000));
    const atGateway = tempos.map(tracesAt);
    // What the killed gateway could hold in memory: traces whose first span it had received
    // less than a decision wait before the kill, and those arriving while it was down or
    // restarting (their first half died with it, or their second half came after). A span
    // reaches a gateway up to about two seconds after it is sent (the agent's queue batches
    // for up to 1 s), hence the margins.
    const TRANSIT_MS = scaled(3_000);
    const windowStart = killedAt - DECISION_WAIT_MS - TRANSIT_MS;
    const windowEnd = restartedAt + TRANSIT_MS;
    let affected = 0;
    let inWindow = 0;
    for (const [traceId, { firstSentAt }] of load.traces) {
      const insideWindow = firstSentAt >= windowStart && firstSentAt <= windowEnd;
      if (insideWindow) inWindow++;
      const holders = atGateway.filter((traces) => traces.has(traceId));
      const whole = holders.length === 1 && holders[0].get(traceId).size === SPANS_PER_TRACE;
      if (whole) continue;
      affected++;
      assert.ok(insideWindow, `trace ${traceId}, first sent ${firstSentAt - killedAt} ms from the kill, is ${holders.length ? 'partial' : 'lost'} outside the bound`);
      assert.ok(!atGateway[0].has(traceId) || holders.length > 1, `trace ${traceId} went through the gateway that lived, and is not whole there`);
    }
    // The bound is the killed gateway's share of the window: about half of the traces in it.
    assert.ok(affected <= inWindow, `${affected} traces lost or partial, ${inWindow} in the window`);
    const survivor = await gateways[0].metrics();
    assert.ok(sumOf(survivor, 'otelcol_receiver_accepted_spans_total') > 0, 'the surviving gateway kept taking spans');
    console.log(`# gateway kill: ${affected} of ${load.traces.size} traces lost or partial; ${inWindow} traces started inside the bound's window`);
  });

  test('a gateway restarted while its trace backend is down keeps what it queued on disk, and sends all of it once the backend is back', async () => {
    clear();
    const [, victim] = gateways;
    const backend = tempos[1];
    backend.mode = 'fail';
    const load = startLoad(agent.url);
    await sleep(scaled(3_000));
    await load.stop();
    // Every trace decided and in the exporter's queue: nothing left in the sampling buffer.
    await sleep(DECISION_WAIT_MS + scaled(3_000));
    const queued = sumOf(await victim.metrics(), 'otelcol_exporter_queue_size', { exporter: 'otlphttp/tempo' });
    assert.ok(queued > 0, 'the gateway holds spans for the failing backend');
    await victim.stop('SIGTERM');
    await victim.restart();
    backend.mode = 'ok';

    await settle(tempos, load.accepted, scaled(120_000));
    const atGateway = tempos.map(tracesAt);
    const missing = [...load.accepted].filter((id) => !atGateway.some((traces) => [...traces.values()].some((ids) => ids.has(id))));
    assert.equal(missing.length, 0, `${missing.length} of ${load.accepted.size} accepted spans were lost across the restart`);
    assert.ok(atGateway[1].size > 0, 'the restarted gateway sent its share');
  });
});
