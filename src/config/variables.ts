// The one table of environment variables the bootstrap reads. Nothing else in src/ reads
// process.env: parse.ts turns this table into a frozen Config once, at preload time.
// Blank values count as unset (as in opentelemetry-js).

export type VariableKind =
  | { type: 'boolean' }
  | { type: 'string' }
  | { type: 'url' }
  | { type: 'integer'; min: number; max: number }
  | { type: 'number'; min: number; max: number }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'list' };

export interface VariableDefinition {
  readonly name: string;
  readonly kind: VariableKind;
  /** Shown in warnings and in the README table; undefined means "derived" (see description). */
  readonly fallback?: string;
  readonly description: string;
  /** What applies when the variable is unset or bad and there is no literal fallback. */
  readonly derived?: string;
  /** true for the variables this project adds on top of the OpenTelemetry standard ones. */
  readonly project?: boolean;
}

export const SAMPLER_NAMES = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

export const LOG_LEVELS = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'] as const;

const define = (
  name: string,
  kind: VariableKind,
  fallback: string | undefined,
  description: string,
  extra: { project?: boolean; derived?: string } = {},
): VariableDefinition => Object.freeze({ name, kind, fallback, description, ...extra });
const project = { project: true };

export const VARIABLES = Object.freeze([
  define('OTEL_SDK_DISABLED', { type: 'boolean' }, 'false', 'true turns the preload into a no-op.'),
  define('OTEL_LOG_LEVEL', { type: 'enum', values: LOG_LEVELS }, 'warn', 'Level of the SDK\'s own diagnostics on stderr (repeated messages are rate-limited).'),
  define('OTEL_SERVICE_NAME', { type: 'string' }, undefined, 'service.name; else `service.name` in OTEL_RESOURCE_ATTRIBUTES, else the app\'s package.json name.', { derived: 'the package.json name' }),
  define('OTEL_RESOURCE_ATTRIBUTES', { type: 'list' }, '', 'key=value,... resource attributes (values percent-decoded).'),
  define('OTEL_EXPORTER_OTLP_ENDPOINT', { type: 'url' }, 'http://localhost:4318', 'Base URL of the collector\'s OTLP/HTTP receiver; /v1/traces, /v1/metrics, /v1/logs are appended.'),
  define('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', { type: 'url' }, undefined, 'Full URL for traces (overrides the base endpoint).', { derived: 'OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces' }),
  define('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', { type: 'url' }, undefined, 'Full URL for metrics (overrides the base endpoint).', { derived: 'OTEL_EXPORTER_OTLP_ENDPOINT + /v1/metrics' }),
  define('OTEL_EXPORTER_OTLP_LOGS_ENDPOINT', { type: 'url' }, undefined, 'Full URL for logs (overrides the base endpoint).', { derived: 'OTEL_EXPORTER_OTLP_ENDPOINT + /v1/logs' }),
  define('OTEL_EXPORTER_OTLP_PROTOCOL', { type: 'enum', values: ['http/protobuf', 'http/json'] }, 'http/protobuf', 'OTLP encoding.'),
  define('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', { type: 'enum', values: ['http/protobuf', 'http/json'] }, undefined, 'OTLP encoding of traces (overrides OTEL_EXPORTER_OTLP_PROTOCOL).', { derived: 'OTEL_EXPORTER_OTLP_PROTOCOL' }),
  define('OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', { type: 'enum', values: ['http/protobuf', 'http/json'] }, undefined, 'OTLP encoding of metrics, as above.', { derived: 'OTEL_EXPORTER_OTLP_PROTOCOL' }),
  define('OTEL_EXPORTER_OTLP_LOGS_PROTOCOL', { type: 'enum', values: ['http/protobuf', 'http/json'] }, undefined, 'OTLP encoding of logs, as above.', { derived: 'OTEL_EXPORTER_OTLP_PROTOCOL' }),
  define('OTEL_EXPORTER_OTLP_COMPRESSION', { type: 'enum', values: ['gzip', 'none'] }, undefined, 'Compression of OTLP request bodies, for all three signals (the per-signal variables apply where this one is unset).', { derived: 'none' }),
  define('OTEL_EXPORTER_OTLP_TIMEOUT', { type: 'integer', min: 100, max: 60_000 }, undefined, 'Timeout of one OTLP export request in milliseconds (the standard name of OBS_EXPORT_TIMEOUT_MS, which wins when both are set).', { derived: 'OBS_EXPORT_TIMEOUT_MS' }),
  define('OTEL_EXPORTER_OTLP_HEADERS', { type: 'list' }, '', 'Headers sent with every OTLP request: key=value pairs, values percent-encoded (`authorization=Bearer%20<token>`). Read by the exporters; a malformed item is reported (its value never shown) and skipped.'),
  define('OTEL_EXPORTER_OTLP_TRACES_HEADERS', { type: 'list' }, '', 'Headers for trace requests only, added to (and overriding) OTEL_EXPORTER_OTLP_HEADERS.'),
  define('OTEL_EXPORTER_OTLP_METRICS_HEADERS', { type: 'list' }, '', 'Headers for metric requests only, as above.'),
  define('OTEL_EXPORTER_OTLP_LOGS_HEADERS', { type: 'list' }, '', 'Headers for log requests only, as above.'),
  define('OTEL_TRACES_EXPORTER', { type: 'enum', values: ['otlp', 'none'] }, 'otlp', 'Where spans go.'),
  define('OTEL_METRICS_EXPORTER', { type: 'enum', values: ['otlp', 'prometheus', 'none'] }, 'otlp', 'Push over OTLP, serve a Prometheus pull endpoint, or neither.'),
  define('OTEL_LOGS_EXPORTER', { type: 'enum', values: ['otlp', 'none'] }, 'otlp', "Where pino, winston and bunyan records go (the app's own output is kept either way)."),
  define('OTEL_TRACES_SAMPLER', { type: 'enum', values: SAMPLER_NAMES }, undefined, 'Overrides the environment-based default (parent-based ratio: development 1.0, staging 0.5, production 0.1).', { derived: 'the environment\'s parent-based ratio sampler' }),
  define('OTEL_TRACES_SAMPLER_ARG', { type: 'number', min: 0, max: 1 }, undefined, 'Ratio for the *traceidratio samplers; defaults to the environment\'s ratio.', { derived: 'the environment\'s ratio' }),
  define('OTEL_METRIC_EXPORT_INTERVAL', { type: 'integer', min: 1000, max: 3_600_000 }, '15000', 'Milliseconds between OTLP metric exports; 15 s matches the Prometheus scrape interval of the stack.'),
  define('OTEL_EXPORTER_PROMETHEUS_HOST', { type: 'string' }, '0.0.0.0', 'Bind address of the Prometheus pull endpoint.'),
  define('OTEL_EXPORTER_PROMETHEUS_PORT', { type: 'integer', min: 1, max: 65535 }, '9464', 'Port of the Prometheus pull endpoint (served by the primary under `cluster`).'),
  define('OTEL_NODE_ENABLED_INSTRUMENTATIONS', { type: 'list' }, undefined, 'Comma list replacing the default instrumentation set (names as in the README table).', { derived: 'the default set' }),
  define('OTEL_NODE_DISABLED_INSTRUMENTATIONS', { type: 'list' }, '', 'Comma list removed from the set.'),
  define('OTEL_PROPAGATORS', { type: 'list' }, 'tracecontext,baggage', 'Context propagation formats, from: tracecontext, baggage, b3 (single header), b3multi, none.'),
  define('OTEL_NODE_RESOURCE_DETECTORS', { type: 'list' }, 'host,os,process,serviceinstance', 'Resource detectors; cloud ones (aws, gcp, azure, alibaba, container) probe metadata endpoints and are off unless listed.'),
  define('OBS_SHUTDOWN_TIMEOUT_MS', { type: 'integer', min: 0, max: 60_000 }, '2000', 'Longest wait for the final flush on SIGTERM/SIGINT before the process ends; under pm2, at most three quarters of its kill_timeout (1.6 s unless set), after which pm2 sends SIGKILL.', project),
  define('OBS_SLOW_REQUEST_MS', { type: 'integer', min: 1, max: 600_000 }, '1000', 'A request slower than this is logged as a warning and traced even when the sampler dropped it.', project),
  define('OBS_SLOW_QUERY_MS', { type: 'integer', min: 1, max: 600_000 }, '1000', 'A database operation slower than this is logged as a warning with its scrubbed statement.', project),
  define('OBS_SCRUB_KEYS', { type: 'list' }, '', 'More attribute and log field names whose values are masked before export, beside the built-in ones (password, token, secret, authorization, cookie, api key, session, card number, ...).', project),
  define('OBS_UNTRACED_PATHS', { type: 'list' }, '/health,/health/ready,/health/detailed,/healthz,/livez,/readyz,/metrics', 'Paths (exact, or prefix when ending in *) that are neither traced nor counted in request metrics.', project),
  define('OBS_EXPORT_TIMEOUT_MS', { type: 'integer', min: 100, max: 60_000 }, '5000', 'Timeout of one OTLP export request, so a slow collector cannot hold data for long.', project),
  define('OBS_MAX_QUEUE_SIZE', { type: 'integer', min: 64, max: 100_000 }, '2048', 'Spans and log records buffered while the collector is slow or down; beyond it they are dropped and counted.', project),
  define('OBS_CGROUP_DIR', { type: 'string' }, undefined, 'Absolute path of the process\'s cgroup v2 directory (cpu.max, memory.max), where cgroupfs is not at /sys/fs/cgroup; the CPU and memory alerts judge usage against the limits found there.', { ...project, derived: 'found from /proc/self/cgroup' }),
  define('NODE_ENV', { type: 'string' }, 'development', 'Deployment environment when `deployment.environment.name` is not in OTEL_RESOURCE_ATTRIBUTES.'),
]);

export type VariableName = (typeof VARIABLES)[number]['name'];
