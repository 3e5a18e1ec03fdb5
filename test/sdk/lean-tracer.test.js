// Under a parent-based sampler, instrumentations get a tracer that answers a child of an
// unsampled parent with the parent itself. Unsampled is the parent's sampled flag: a parent
// extracted from a call or a message (remote, so never recording here) whose trace is sampled
// gets a recorded child, as the SDK's parent-based sampler decides.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { AlwaysOnSampler, ParentBasedSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import { createLeanTracerProvider } from '../../dist/sdk/lean-tracer.js';

const tracer = createLeanTracerProvider(new TracerProvider({ sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }) })).getTracer('test');
const remote = (traceFlags) => trace.setSpanContext(ROOT_CONTEXT, { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags, isRemote: true });

test('a remote parent whose trace is sampled gets a recorded child in its trace', () => {
  const child = tracer.startSpan('grpc.shop.Users/GetUser', {}, remote(TraceFlags.SAMPLED));
  assert.equal(child.isRecording(), true);
  assert.equal(child.spanContext().traceId, '0af7651916cd43dd8448eb211c80319c');
  assert.notEqual(child.spanContext().spanId, 'b7ad6b7169203331');
  child.end();
});

test('a remote parent whose trace is not sampled is answered with itself', () => {
  const parentContext = remote(TraceFlags.NONE);
  assert.equal(tracer.startSpan('consume', {}, parentContext), trace.getSpan(parentContext));
});

test('a local unsampled parent is answered with itself, a recorded one gets a child', () => {
  const unsampled = trace.wrapSpanContext({ traceId: '1af7651916cd43dd8448eb211c80319c', spanId: 'c7ad6b7169203331', traceFlags: TraceFlags.NONE });
  assert.equal(tracer.startSpan('query', {}, trace.setSpan(ROOT_CONTEXT, unsampled)), unsampled);
  const recorded = tracer.startSpan('request');
  const child = tracer.startSpan('query', {}, trace.setSpan(ROOT_CONTEXT, recorded));
  assert.equal(child.isRecording(), true);
  assert.equal(child.spanContext().traceId, recorded.spanContext().traceId);
});

test('startActiveSpan runs its callback with the span it decided on', () => {
  const answer = tracer.startActiveSpan('handler', {}, remote(TraceFlags.SAMPLED), (span) => {
    assert.equal(span.isRecording(), true);
    return 'done';
  });
  assert.equal(answer, 'done');
});
