// The one set of checks every web framework's compatibility test runs. Its app (in
// test/compat/apps/) runs twice as a child process: bare, then under `--import ./instrument`
// exporting to a receiver in the test. Both runs get the same three requests, a matched route,
// a failing route and an unknown path, and are ended with SIGTERM. Then:
// - the SERVER span and the duration histogram carry the route template, never the raw path,
//   and the unknown path has no route at all;
// - the framework's own spans (where its instrumentation makes some) sit under the SERVER span;
// - the pino line of each request carries its trace id, on stdout and as an exported record;
// - the app answers and ends as it does bare.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApp } from '../../support/app-process.js';
import { attributesOf, startReceiver } from '../../support/otlp-receiver.js';
import { eventually, scaled } from '../../support/timing.js';
import { compatCase } from '../cases.js';
import { installedVersions } from './installed.js';
import {
  durationPointsWithStatus,
  requestRoutesExported,
  logRecordsOfTrace,
  serverSpanOf,
  spansOfTrace,
  spansOutsideRequest,
  descendsFrom,
} from './telemetry.js';

/** How much later than bare the app may end under the preload (the export flush). */
const SHUTDOWN_SLACK_MS = scaled(1_000);
/** Errors go out as generic 500 bodies, identical in both runs (no stack traces). */
const APP_ENV = { NODE_ENV: 'production' };
/** Every request recorded: production's default ratio would drop most of them. */
const EXPORT_ALL = { OTEL_TRACES_SAMPLER: 'parentbased_always_on' };

/**
 * @param {object} spec
 * @param {string} spec.caseId the declaration in test/compat/cases.js
 * @param {string} spec.app the app, relative to the repository root
 * @param {{ path: string, route: string }} spec.matched a request its parameterised route answers
 * @param {{ path: string, route: string }} spec.failing a request its failing route answers with 500
 * @param {string} spec.unknown a path no route matches
 * @param {string[]} spec.frameworkScopes instrumentation scopes whose spans the framework makes, the
 *   outermost first (its spans are direct children of the SERVER span); [] when it makes none
 * @param {() => void} [spec.prepare] runs before the app starts
 */
export function frameworkCompatSuite({ caseId, app, matched, failing, unknown, frameworkScopes, prepare }) {
  const declared = compatCase(caseId);
  const requests = [matched.path, failing.path, unknown];

  describe(`${declared.library} (${installedVersions(declared.packages)}) under the preload`, () => {
    let receiver;
    let bare;
    let ours;
    before(async () => {
      prepare?.();
      bare = await runOnce(app, requests, APP_ENV);
      receiver = await startReceiver();
      ours = await runOnce(app, requests, { ...APP_ENV, ...EXPORT_ALL, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: `compat-${caseId}` }, async () => {
        // Stopped only once the telemetry is out: an app that ends itself on SIGTERM (hapi's
        // stop, Nest's shutdown hooks) leaves no time for an asynchronous metric export.
        await eventually(() => requests.every((path) => serverSpanOf(receiver, path))
          && [200, 500, 404].every((status) => durationPointsWithStatus(receiver, status).length > 0)
          && receiver.logRecords().length >= 2, 'the spans, durations and log records of the three requests', 10_000).catch(() => {
          // The tests below name what is missing.
        });
      });
    });
    after(async () => {
      await receiver?.close();
    });

    test('answers every request as it does bare', () => {
      assert.deepEqual(bare.answers.map(({ status }) => status), [200, 500, 404], 'the app itself: a route, a failing route, an unknown path');
      assert.deepEqual(ours.answers, bare.answers);
    });

    test('ends on SIGTERM as it does bare, within a second of its bare time', () => {
      assert.deepEqual({ code: ours.ended.code, signal: ours.ended.signal }, { code: bare.ended.code, signal: bare.ended.signal }, ours.stderr);
      assert.ok(ours.ended.elapsedMs <= bare.ended.elapsedMs + SHUTDOWN_SLACK_MS, `ended in ${ours.ended.elapsedMs} ms, bare in ${bare.ended.elapsedMs} ms`);
    });

    for (const { path, route, status } of [{ ...matched, status: 200 }, { ...failing, status: 500 }]) {
      test(`the SERVER span and http.server.request.duration of ${path} carry http.route ${route}`, () => {
        const span = serverSpanOf(receiver, path);
        assert.ok(span, `a SERVER span for ${path}${stderrOf(ours)}`);
        const attributes = attributesOf(span.attributes);
        assert.equal(attributes['http.route'], route);
        assert.equal(span.name, `GET ${route}`);
        assert.equal(attributes['http.response.status_code'], status);
        assert.deepEqual(routesOfSeries(durationPointsWithStatus(receiver, status)), [route], `the ${status} series of the duration histogram`);
      });
    }

    test(`an unknown path (${unknown}) has no http.route, and no route anywhere is a raw path`, () => {
      const span = serverSpanOf(receiver, unknown);
      assert.ok(span, `a SERVER span for ${unknown}${stderrOf(ours)}`);
      assert.equal(attributesOf(span.attributes)['http.route'], undefined);
      assert.equal(span.name, 'GET');
      assert.deepEqual(routesOfSeries(durationPointsWithStatus(receiver, 404)), [undefined], 'the 404 series of the duration histogram');
      // Every route on a request's SERVER span or on a duration series is one of the app's
      // templates: no raw path, no matched prefix with an id in it.
      const routes = requestRoutesExported(receiver);
      assert.ok(routes.length > 0, 'routes were exported at all');
      assert.deepEqual([...new Set(routes)].sort(), [matched.route, failing.route].sort());
    });

    test(frameworkScopes.length > 0
      ? `${frameworkScopes.join(', ')} spans are children of the SERVER span`
      : 'the request traces hold no span outside their SERVER span (the framework has no spans of its own)', () => {
      for (const path of [matched.path, failing.path]) {
        const server = serverSpanOf(receiver, path);
        assert.ok(server, `a SERVER span for ${path}`);
        assert.equal(server.parentSpanId ?? '', '', 'the SERVER span is the root of its trace');
        assert.deepEqual(spansOutsideRequest(receiver, server).map((span) => span.name), [], `spans of ${path}'s trace outside its SERVER span`);
        const spans = spansOfTrace(receiver, server.traceId);
        for (const scope of frameworkScopes) {
          const own = spans.filter((span) => span.scope.name === scope);
          assert.ok(own.length > 0, `${scope} made spans for ${path}: ${JSON.stringify(spans.map((span) => [span.scope.name, span.name]))}`);
          assert.ok(own.every((span) => descendsFrom(span, server, spans)));
          // A route on a framework span is a template too, mount templates included; the stock
          // router instrumentation's layer spans are the exception (they name the matched prefix).
          if (scope === '@opentelemetry/instrumentation-router') continue;
          const ids = new Set(path.split('/').filter((part) => /^\d+$/.test(part)));
          for (const span of own) {
            const route = attributesOf(span.attributes)['http.route'];
            if (route === undefined) continue;
            assert.ok(!String(route).split('/').some((part) => ids.has(part)), `${scope} span "${span.name}" names the route ${route}, with an id of ${path} in it`);
          }
        }
        // The outermost framework (the first scope) hangs directly off the SERVER span.
        const outermost = spans.filter((span) => span.scope.name === frameworkScopes[0]);
        if (outermost.length > 0) assert.ok(outermost.some((span) => span.parentSpanId === server.spanId), `a ${frameworkScopes[0]} span is a direct child of the SERVER span`);
      }
    });

    test('the pino line of each request carries its trace id, on stdout and exported', () => {
      for (const path of [matched.path, failing.path]) {
        const server = serverSpanOf(receiver, path);
        assert.ok(server, `a SERVER span for ${path}`);
        const line = ours.lines.find((record) => record.path === path);
        assert.ok(line, `a pino line for ${path} on stdout`);
        assert.equal(line.trace_id, server.traceId, `the stdout line of ${path}`);
        assert.equal(line.span_id?.length, 16);
        const exported = logRecordsOfTrace(receiver, server.traceId);
        assert.ok(exported.some((record) => record.body?.stringValue === line.msg), `the line of ${path} exported with its trace id`);
      }
      assert.ok(bare.lines.every((record) => record.trace_id === undefined), 'bare lines carry no trace id');
    });
  });
}

/** One run: start, the requests in order, `beforeStop`, SIGTERM; what it answered and how it ended. */
async function runOnce(app, paths, env, beforeStop) {
  const started = await startApp(app, { args: env.OTEL_EXPORTER_OTLP_ENDPOINT ? undefined : [], env });
  const answers = [];
  for (const path of paths) {
    const response = await fetch(`http://127.0.0.1:${started.port}${path}`);
    answers.push({ path, status: response.status, contentType: response.headers.get('content-type'), body: await response.text() });
  }
  await beforeStop?.();
  started.child.ref(); // held while it ends, or Node 22's runner may see an empty event loop
  const ended = await started.stop('SIGTERM');
  return { answers, ended, lines: started.jsonLines().filter((line) => 'msg' in line), stderr: started.stderr };
}

/** The distinct http.route values of these points (each export repeats every cumulative series). */
const routesOfSeries = (points) => [...new Set(points.map((point) => point.attributes['http.route']))];

const stderrOf = (run) => (run?.stderr ? `\nstderr of the app:\n${run.stderr}` : '');
