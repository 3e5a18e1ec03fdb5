// The tracer Next.js asks for hands the route Next names in its spans to the request: the
// first one, whatever form of startSpan or startActiveSpan Next calls, never one of Next's
// not-found or error pages. Other tracers are not wrapped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { RPCType, setRPCMetadata } from '@opentelemetry/core';
import { withNextRoutes } from '../../dist/http/next-routes.js';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

/** A provider whose tracers record what they were asked, and a request's RPC metadata. */
function setup() {
  const started = [];
  const tracer = {
    startSpan: (name) => { started.push(name); return { name }; },
    startActiveSpan: (name, ...rest) => { started.push(name); return rest.at(-1)({ name }); },
  };
  const provider = withNextRoutes({ getTracer: () => tracer });
  const request = { type: RPCType.HTTP, route: undefined };
  return { started, tracer, next: provider.getTracer('next.js', '0.0.1'), other: provider.getTracer('express'), request, requestContext: setRPCMetadata(ROOT_CONTEXT, request) };
}

test('the first next.route of a request becomes its route, in every call form', () => {
  const { next, request, requestContext, started } = setup();
  const answer = context.with(requestContext, () => next.startActiveSpan('resolve page components', { attributes: { 'next.route': '/items/[id]' } }, () => 'done'));
  assert.equal(answer, 'done', 'the callback runs and its value is returned');
  assert.equal(request.route, '/items/[id]');
  next.startSpan('executing api route (app) /items/[id]/route', { attributes: { 'next.route': '/items/[id]/route' } }, requestContext);
  assert.equal(request.route, '/items/[id]', 'a later route within the request does not replace it');
  assert.deepEqual(started, ['resolve page components', 'executing api route (app) /items/[id]/route']);

  const second = setup();
  second.next.startActiveSpan('render route (app) /', { attributes: { 'next.route': '/' } }, second.requestContext, () => undefined);
  assert.equal(second.request.route, '/', 'startActiveSpan with an explicit context');
  const third = setup();
  context.with(third.requestContext, () => third.next.startSpan('resolve page components', { attributes: { 'next.route': '/about' } }));
  assert.equal(third.request.route, '/about', 'startSpan in the active context');
});

test('a Pages Router API route is taken from its handler span name', () => {
  const { next, request, requestContext } = setup();
  context.with(requestContext, () => next.startActiveSpan('executing api route (pages) /api/orders/[id]', { attributes: {} }, () => undefined));
  assert.equal(request.route, '/api/orders/[id]');
});

test('Next\'s not-found and error pages are no route', () => {
  for (const page of ['/_not-found', '/_error', '/404', '/500']) {
    const { next, request, requestContext } = setup();
    next.startSpan('resolve page components', { attributes: { 'next.route': page } }, requestContext);
    assert.equal(request.route, undefined, page);
  }
  const { next, request, requestContext } = setup();
  next.startSpan('resolve page components', { attributes: { 'next.route': '/404-help' } }, requestContext);
  assert.equal(request.route, '/404-help', 'a route that merely starts with 404 is a route');
});

test('spans outside a request, without a route, or of other tracers change nothing', () => {
  const { next, other, tracer, request, requestContext } = setup();
  assert.equal(other, tracer, 'another tracer is returned as it is');
  other.startSpan('request handler', { attributes: { 'next.route': '/x' } }, requestContext);
  next.startSpan('start response', {}, requestContext);
  next.startActiveSpan('no options', () => undefined);
  next.startSpan('resolve page components', { attributes: { 'next.route': '/x' } }, ROOT_CONTEXT);
  assert.equal(request.route, undefined);
});
