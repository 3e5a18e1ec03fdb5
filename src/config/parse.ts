// Turns the environment into one frozen Config, once. Every bad value becomes one
// ConfigWarning (variable, value, expectation, fallback); nothing here throws.
import { isAbsolute } from 'node:path';
import { parseKeyPairsIntoRecord } from '@opentelemetry/core';
import { DEFAULT_INSTRUMENTATIONS, KNOWN_INSTRUMENTATIONS } from './instrumentation-names.js';
import type { AppPackage } from './app-package.js';
import { type Env, VariableReader } from './read-variable.js';
import type { Config, ConfigWarning, LogLevel, OtlpProtocol } from './types.js';
import { SAMPLER_NAMES, VARIABLES, type VariableDefinition, type VariableName } from './variables.js';

const byName = new Map(VARIABLES.map((definition) => [definition.name, definition]));
const variable = (name: VariableName): VariableDefinition => byName.get(name)!;

/** The names teams give production (the alert rules of prometheus/src take the same). */
export const PRODUCTION_ENVIRONMENTS: readonly string[] = Object.freeze(['production', 'prod', 'live']);

/**
 * The sampling ratio each deployment environment gets unless the sampler variables say
 * otherwise, under the names teams give them (`NODE_ENV=prod` is production too: tracing
 * every request there would cost ten times the default). Any other name traces everything.
 */
export const ENVIRONMENT_SAMPLING_RATIOS: Readonly<Record<string, number>> = Object.freeze({
  development: 1,
  dev: 1,
  local: 1,
  test: 1,
  staging: 0.5,
  stage: 0.5,
  stg: 0.5,
  ...Object.fromEntries(PRODUCTION_ENVIRONMENTS.map((name) => [name, 0.1])),
});

/** Spans and log records leave in batches every second: short enough that a crash loses little. */
const EXPORT_BATCH_DELAY_MS = 1_000;

const KNOWN_PROPAGATORS = ['tracecontext', 'baggage', 'b3', 'b3multi', 'none'];
const KNOWN_DETECTORS = ['env', 'host', 'os', 'process', 'serviceinstance', 'container', 'alibaba', 'aws', 'azure', 'gcp', 'all', 'none'];

export interface ParsedConfig {
  readonly config: Config;
  readonly warnings: readonly ConfigWarning[];
}

export function parseConfig(env: Env, app: AppPackage): ParsedConfig {
  const reader = new VariableReader(env);
  const resourceAttributes = parseResourceAttributes(reader);

  const serviceName = reader.raw(variable('OTEL_SERVICE_NAME')) ?? resourceAttributes['service.name'] ?? app.name ?? 'unknown_service:node';
  const serviceVersion = resourceAttributes['service.version'] ?? app.version;
  const environment = (resourceAttributes['deployment.environment.name'] ?? reader.string(variable('NODE_ENV')) ?? 'development').toLowerCase();
  const attributes = { ...resourceAttributes };
  delete attributes['service.name'];
  delete attributes['service.version'];
  delete attributes['deployment.environment.name'];

  const baseEndpoint = reader.url(variable('OTEL_EXPORTER_OTLP_ENDPOINT'))!.replace(/\/+$/, '');
  const signalEndpoint = (name: VariableName, path: string) => reader.url(variable(name)) ?? `${baseEndpoint}${path}`;
  const baseProtocol = reader.enumeration<OtlpProtocol>(variable('OTEL_EXPORTER_OTLP_PROTOCOL'))!;
  const signalProtocol = (name: VariableName) => reader.enumeration<OtlpProtocol>(variable(name), `${baseProtocol} (OTEL_EXPORTER_OTLP_PROTOCOL)`) ?? baseProtocol;

  const config: Config = {
    disabled: reader.boolean(variable('OTEL_SDK_DISABLED')),
    logLevel: reader.enumeration<LogLevel>(variable('OTEL_LOG_LEVEL'))!,
    serviceName,
    serviceVersion,
    environment,
    resourceAttributes: attributes,
    resourceDetectors: parseNamedList(reader, variable('OTEL_NODE_RESOURCE_DETECTORS'), KNOWN_DETECTORS)!,
    propagators: parseNamedList(reader, variable('OTEL_PROPAGATORS'), KNOWN_PROPAGATORS)!,
    protocol: baseProtocol,
    compression: reader.enumeration<'gzip' | 'none'>(variable('OTEL_EXPORTER_OTLP_COMPRESSION')),
    exportTimeoutMs: parseExportTimeout(reader),
    maxQueueSize: reader.number(variable('OBS_MAX_QUEUE_SIZE'))!,
    batchDelayMs: EXPORT_BATCH_DELAY_MS,
    traces: {
      exporter: reader.enumeration<'otlp' | 'none'>(variable('OTEL_TRACES_EXPORTER'))!,
      endpoint: signalEndpoint('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', '/v1/traces'),
      protocol: signalProtocol('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'),
      sampler: parseSampler(reader, environment),
      slowRequestMs: reader.number(variable('OBS_SLOW_REQUEST_MS'))!,
    },
    metrics: {
      exporter: reader.enumeration<'otlp' | 'prometheus' | 'none'>(variable('OTEL_METRICS_EXPORTER'))!,
      endpoint: signalEndpoint('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', '/v1/metrics'),
      protocol: signalProtocol('OTEL_EXPORTER_OTLP_METRICS_PROTOCOL'),
      exportIntervalMs: reader.number(variable('OTEL_METRIC_EXPORT_INTERVAL'))!,
      prometheusHost: reader.string(variable('OTEL_EXPORTER_PROMETHEUS_HOST'))!,
      prometheusPort: reader.number(variable('OTEL_EXPORTER_PROMETHEUS_PORT'))!,
    },
    logs: {
      exporter: reader.enumeration<'otlp' | 'none'>(variable('OTEL_LOGS_EXPORTER'))!,
      endpoint: signalEndpoint('OTEL_EXPORTER_OTLP_LOGS_ENDPOINT', '/v1/logs'),
      protocol: signalProtocol('OTEL_EXPORTER_OTLP_LOGS_PROTOCOL'),
    },
    instrumentations: parseInstrumentations(reader),
    untracedPaths: reader.list(variable('OBS_UNTRACED_PATHS'))!,
    shutdownTimeoutMs: parseShutdownTimeout(reader, env),
    slowQueryMs: reader.number(variable('OBS_SLOW_QUERY_MS'))!,
    scrubKeys: reader.list(variable('OBS_SCRUB_KEYS'))!,
    cgroupDirectory: parseCgroupDirectory(reader),
  };
  checkOtlpHeaders(reader);
  reportUnreadStandardVariables(reader, config);
  return { config: deepFreeze(config), warnings: reader.warnings };
}

/**
 * Standard SDK variables this bootstrap settles another way. Set and silently ignored, they
 * would leave an operator believing a queue, a delay or a timeout is what they wrote.
 */
function reportUnreadStandardVariables(reader: VariableReader, config: Config): void {
  const queue = 'OBS_MAX_QUEUE_SIZE sets one bound for spans and log records';
  for (const name of ['OTEL_BSP_MAX_QUEUE_SIZE', 'OTEL_BLRP_MAX_QUEUE_SIZE']) reader.notRead(name, queue, String(config.maxQueueSize));
  const delay = 'spans and log records leave in batches every second, from the export worker';
  for (const name of ['OTEL_BSP_SCHEDULE_DELAY', 'OTEL_BLRP_SCHEDULE_DELAY']) reader.notRead(name, delay, String(config.batchDelayMs));
  const timeout = 'OTEL_EXPORTER_OTLP_TIMEOUT (or OBS_EXPORT_TIMEOUT_MS) sets one timeout for every export';
  for (const name of ['OTEL_BSP_EXPORT_TIMEOUT', 'OTEL_BLRP_EXPORT_TIMEOUT', 'OTEL_METRIC_EXPORT_TIMEOUT', 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'OTEL_EXPORTER_OTLP_METRICS_TIMEOUT', 'OTEL_EXPORTER_OTLP_LOGS_TIMEOUT']) {
    reader.notRead(name, timeout, String(config.exportTimeoutMs));
  }
  reader.notRead('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', 'Prometheus accepts cumulative metrics only', 'cumulative');
}

const HEADER_VARIABLES: readonly VariableName[] = ['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS', 'OTEL_EXPORTER_OTLP_METRICS_HEADERS', 'OTEL_EXPORTER_OTLP_LOGS_HEADERS'];

/**
 * The exporters read these themselves and silently skip an item they cannot parse, which
 * leaves a collector that wants a token answering 401 with no hint why. Each item is read
 * with the exporters' own parser, so exactly what they skip is reported, but never its value:
 * headers carry credentials. The commonest slip, a header written as `Authorization: Bearer
 * ...`, is recognised by its name.
 */
function checkOtlpHeaders(reader: VariableReader): void {
  for (const name of HEADER_VARIABLES) {
    const definition = variable(name);
    for (const item of reader.list(definition) ?? []) {
      if (Object.keys(parseKeyPairsIntoRecord(item)).length > 0) continue;
      const written = /^\s*([A-Za-z0-9_-]{1,64})\s*([:=])/.exec(item);
      reader.warn(
        definition,
        written === null ? '[REDACTED]' : `${written[1]}${written[2]}[REDACTED]`,
        'key=value pairs separated by commas, values percent-encoded (authorization=Bearer%20<token>)',
        'ignoring that item',
      );
    }
  }
}

/** pm2's grace between its SIGINT and its SIGKILL, unless the app's configuration sets another. */
const PM2_KILL_TIMEOUT_MS = 1600;

/**
 * Under pm2 the final flush must end well within pm2's grace (`kill_timeout`, 1.6 s unless
 * set), else pm2 kills the process mid-flush: the telemetry is lost and the app ends by
 * SIGKILL instead of its own way. A quarter of the grace is left to the app's own handlers.
 */
function parseShutdownTimeout(reader: VariableReader, env: Env): number {
  const configured = reader.number(variable('OBS_SHUTDOWN_TIMEOUT_MS'))!;
  if (env.pm_id === undefined) return configured;
  const grace = Number(env.kill_timeout ?? env.PM2_KILL_TIMEOUT ?? PM2_KILL_TIMEOUT_MS);
  return Number.isFinite(grace) && grace > 0 ? Math.min(configured, Math.floor(grace * 0.75)) : configured;
}

/** This project's variable, else the standard one, else the project's default. */
function parseExportTimeout(reader: VariableReader): number {
  const project = variable('OBS_EXPORT_TIMEOUT_MS');
  const standard = reader.raw(project) === undefined ? reader.number(variable('OTEL_EXPORTER_OTLP_TIMEOUT')) : undefined;
  return standard ?? reader.number(project)!;
}

function parseCgroupDirectory(reader: VariableReader): string | undefined {
  const definition = variable('OBS_CGROUP_DIR');
  const directory = reader.string(definition);
  if (directory === undefined || isAbsolute(directory)) return directory;
  reader.warn(definition, directory, 'an absolute path');
  return undefined;
}

function parseResourceAttributes(reader: VariableReader): Record<string, string> {
  const definition = variable('OTEL_RESOURCE_ATTRIBUTES');
  const attributes: Record<string, string> = {};
  for (const pair of reader.list(definition) ?? []) {
    const separator = pair.indexOf('=');
    const key = pair.slice(0, separator).trim();
    if (separator <= 0 || key === '') {
      reader.warn(definition, pair, 'key=value pairs separated by commas', 'ignoring that pair');
      continue;
    }
    try {
      attributes[key] = decodeURIComponent(pair.slice(separator + 1).trim());
    } catch {
      reader.warn(definition, pair, 'a percent-encoded value', 'ignoring that pair');
    }
  }
  return attributes;
}

function parseSampler(reader: VariableReader, environment: string): Config['traces']['sampler'] {
  const environmentRatio = ENVIRONMENT_SAMPLING_RATIOS[environment] ?? 1;
  const name = reader.enumeration<(typeof SAMPLER_NAMES)[number]>(variable('OTEL_TRACES_SAMPLER'));
  const argument = reader.number(variable('OTEL_TRACES_SAMPLER_ARG'));
  if (name === undefined) return { name: 'environment', ratio: argument ?? environmentRatio };
  return { name, ratio: argument ?? (name.endsWith('traceidratio') ? environmentRatio : 1) };
}

function parseInstrumentations(reader: VariableReader): string[] {
  const enabled = parseNamedList(reader, variable('OTEL_NODE_ENABLED_INSTRUMENTATIONS'), KNOWN_INSTRUMENTATIONS) ?? [...DEFAULT_INSTRUMENTATIONS];
  const disabled = new Set(parseNamedList(reader, variable('OTEL_NODE_DISABLED_INSTRUMENTATIONS'), KNOWN_INSTRUMENTATIONS));
  return enabled.filter((name) => !disabled.has(name));
}

/** A list whose items must come from `known`; unknown items are dropped with a warning each. */
function parseNamedList(reader: VariableReader, definition: VariableDefinition, known: readonly string[]): string[] | undefined {
  const items = reader.list(definition);
  if (items === undefined) return undefined;
  const accepted: string[] = [];
  for (const item of items) {
    // The standard variables accept the full package name too.
    const name = item.toLowerCase().replace(/^@opentelemetry\/instrumentation-/, '');
    if (known.includes(name)) accepted.push(name);
    else reader.warn(definition, item, `names from: ${known.join(', ')}`, 'ignoring that item');
  }
  return accepted;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
