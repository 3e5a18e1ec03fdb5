// The synchronous last collection reads the SDK's storages for one reader: what the counters
// and histograms hold now, without a promise, and undefined (the caller's cue to fall back to
// the asynchronous collection) when the SDK does not have the shape it reads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { finalMetricCollection } from '../../dist/sdk/final-metrics.js';

class ManualReader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

test('returns what the synchronous instruments hold, per scope, with the producers\' metrics after them', () => {
  const reader = new ManualReader();
  const provider = new MeterProvider({ readers: [reader] });
  const meter = provider.getMeter('orders', '1.2.3');
  meter.createCounter('orders.placed').add(3, { channel: 'web' });
  meter.createHistogram('orders.value').record(12.5);
  meter.createCounter('orders.never.counted');
  const produced = { scope: { name: 'producer' }, metrics: [{ descriptor: { name: 'produced' }, dataPoints: [{ value: 1 }] }] };
  const collect = finalMetricCollection(provider, reader, [{ collectSync: () => ({ resourceMetrics: { resource: {}, scopeMetrics: [produced] }, errors: [] }) }]);

  const scopeMetrics = collect();
  assert.equal(scopeMetrics.length, 2);
  assert.deepEqual({ ...scopeMetrics[0].scope }, { name: 'orders', version: '1.2.3', schemaUrl: undefined });
  const byName = Object.fromEntries(scopeMetrics[0].metrics.map((metric) => [metric.descriptor.name, metric.dataPoints]));
  assert.deepEqual(Object.keys(byName).sort(), ['orders.placed', 'orders.value'], 'an instrument with no point is left out');
  assert.equal(byName['orders.placed'][0].value, 3);
  assert.deepEqual(byName['orders.placed'][0].attributes, { channel: 'web' });
  assert.equal(byName['orders.value'][0].value.sum, 12.5);
  assert.equal(scopeMetrics[1], produced);
});

test('cumulative: a second collection carries the running totals', () => {
  const reader = new ManualReader();
  const provider = new MeterProvider({ readers: [reader] });
  const counter = provider.getMeter('jobs').createCounter('jobs.done');
  const collect = finalMetricCollection(provider, reader, []);
  counter.add(2);
  assert.equal(collect()[0].metrics[0].dataPoints[0].value, 2);
  counter.add(5);
  assert.equal(collect()[0].metrics[0].dataPoints[0].value, 7);
});

test('an SDK whose internals are not the ones read here gives undefined, not an exception', () => {
  const reader = new ManualReader();
  const provider = new MeterProvider({ readers: [reader] });
  provider.getMeter('jobs').createCounter('jobs.done').add(1);
  assert.equal(finalMetricCollection({}, reader, [])(), undefined, 'no shared state');
  assert.equal(finalMetricCollection(provider, new ManualReader(), [])(), undefined, 'a reader bound to no provider');
  const moved = { _sharedState: { meterSharedStates: new Map([['jobs', { metricStorageRegistry: {} }]]) } };
  assert.equal(finalMetricCollection(moved, reader, [])(), undefined, 'storages no longer listed that way');
  const throwing = { _sharedState: { meterSharedStates: new Map([['jobs', { _instrumentationScope: { name: 'jobs' }, metricStorageRegistry: { getStorages: () => [{ collect() { throw new Error('changed'); } }] } }]]) } };
  assert.equal(finalMetricCollection(throwing, reader, [])(), undefined, 'a storage that throws');
});
