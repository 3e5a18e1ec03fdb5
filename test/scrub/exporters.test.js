// The exporter-side scrubbing of whole records: span links, and the attributes of metric data
// points (an application's own instruments can carry anything).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createScrubber } from '../../dist/index.js';
import { scrubScopeMetrics, scrubSpan } from '../../dist/scrub/exporters.js';

const scrubber = createScrubber();
const MASK = '[REDACTED]';

function span(overrides) {
  return {
    name: 'checkout',
    attributes: {},
    status: { code: 0 },
    events: [],
    links: [],
    spanContext: () => ({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 }),
    ...overrides,
  };
}

test('link attributes are scrubbed, the link itself kept', () => {
  const link = { context: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 }, attributes: { password: 'R7-link-pw', 'user.email': 'r7@corp.com', kind: 'retry' } };
  const scrubbed = scrubSpan(span({ links: [link] }), scrubber);
  assert.deepEqual(scrubbed.links[0].attributes, { password: MASK, 'user.email': MASK, kind: 'retry' });
  assert.equal(scrubbed.links[0].context, link.context);
  const clean = span({ links: [{ context: link.context, attributes: { kind: 'retry' } }] });
  assert.equal(scrubSpan(clean, scrubber), clean, 'nothing to change: the same span');
});

test('metric data point attributes are scrubbed; untouched scopes and metrics are passed as they are', () => {
  const dirty = { startTime: [0, 0], endTime: [1, 0], value: 1, attributes: { 'user.email': 'r8@corp.com', password: 'R8-metric-pw', api_key: 'sk_live_51R8metricKeyABCDEF', plan: 'pro' } };
  const clean = { startTime: [0, 0], endTime: [1, 0], value: 2, attributes: { plan: 'free' } };
  const logins = { descriptor: { name: 'app.logins' }, dataPointType: 3, aggregationTemporality: 1, dataPoints: [dirty, clean] };
  const other = { scope: { name: 'other' }, metrics: [{ descriptor: { name: 'x' }, dataPointType: 3, aggregationTemporality: 1, dataPoints: [clean] }] };
  const [scrubbedScope, otherScope] = scrubScopeMetrics([{ scope: { name: 'app' }, metrics: [logins] }, other], scrubber);
  assert.deepEqual(scrubbedScope.metrics[0].dataPoints[0].attributes, { 'user.email': MASK, password: MASK, api_key: MASK, plan: 'pro' });
  assert.equal(scrubbedScope.metrics[0].dataPoints[1], clean);
  assert.equal(scrubbedScope.metrics[0].descriptor, logins.descriptor);
  assert.equal(otherScope, other);
  assert.equal(dirty.attributes.password, 'R8-metric-pw', 'the input is not mutated');
});
