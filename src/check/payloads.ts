// What the setup check sends through the collector: one span with an exception (the test
// error), one metric, the error's counter as the application API counts errors, and one log
// record, all under the service `node-otel-stack-check` and tagged with this run's id, in
// OTLP/JSON so that any collector's OTLP/HTTP receiver takes them.
import { randomBytes } from 'node:crypto';

export const CHECK_SERVICE = 'node-otel-stack-check';

export interface CheckRun {
  /** Tags everything this run sends, so the check finds its own data and nothing older. */
  readonly id: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly startedAtMs: number;
}

export function newRun(now = Date.now()): CheckRun {
  return { id: randomBytes(6).toString('hex'), traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex'), startedAtMs: now };
}

const text = (key: string, value: string) => ({ key, value: { stringValue: value } });
const nanos = (ms: number) => `${BigInt(Math.round(ms)) * 1_000_000n}`;
const resource = (run: CheckRun) => ({ attributes: [text('service.name', CHECK_SERVICE), text('deployment.environment.name', 'check'), text('check.id', run.id)] });
const scope = { name: CHECK_SERVICE };

export function tracesPayload(run: CheckRun): unknown {
  const start = run.startedAtMs;
  return {
    resourceSpans: [{
      resource: resource(run),
      scopeSpans: [{
        scope,
        spans: [{
          traceId: run.traceId,
          spanId: run.spanId,
          name: 'setup check',
          kind: 1,
          startTimeUnixNano: nanos(start),
          endTimeUnixNano: nanos(start + 5),
          attributes: [text('check.id', run.id)],
          events: [{ name: 'exception', timeUnixNano: nanos(start + 4), attributes: [text('exception.type', 'SetupCheckError'), text('exception.message', 'a test error sent by the setup check'), text('error.fingerprint', run.id)] }],
          status: { code: 2, message: 'SetupCheckError: a test error sent by the setup check' },
        }],
      }],
    }],
  };
}

export function metricsPayload(run: CheckRun): unknown {
  const time = nanos(run.startedAtMs);
  return {
    resourceMetrics: [{
      resource: resource(run),
      scopeMetrics: [{
        scope,
        metrics: [
          { name: 'setup.check', description: 'Sent by the setup check.', unit: '{check}', gauge: { dataPoints: [{ asInt: '1', timeUnixNano: time, attributes: [text('check.id', run.id)] }] } },
          {
            name: 'app.errors',
            description: 'Errors captured by the application API, by type and group.',
            unit: '{error}',
            sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ asInt: '1', startTimeUnixNano: nanos(run.startedAtMs - 1000), timeUnixNano: time, attributes: [text('error_type', 'SetupCheckError'), text('error_fingerprint', run.id), text('handled', 'true')] }] },
          },
        ],
      }],
    }],
  };
}

export function logsPayload(run: CheckRun): unknown {
  return {
    resourceLogs: [{
      resource: resource(run),
      scopeLogs: [{
        scope,
        logRecords: [{
          timeUnixNano: nanos(run.startedAtMs),
          severityNumber: 17,
          severityText: 'error',
          body: { stringValue: 'SetupCheckError: a test error sent by the setup check' },
          attributes: [text('check.id', run.id), text('error.fingerprint', run.id)],
          traceId: run.traceId,
          spanId: run.spanId,
        }],
      }],
    }],
  };
}
