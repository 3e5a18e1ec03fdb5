// The parsed, frozen configuration every other module receives. Helpers take this object
// (or explicit options) and never read process.env themselves.

export type OtlpProtocol = 'http/protobuf' | 'http/json';
export type LogLevel = 'none' | 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'all';

export interface SamplerConfig {
  /** Standard sampler name, or 'environment' for the project's default. */
  readonly name: string;
  readonly ratio: number;
}

export interface Config {
  readonly disabled: boolean;
  readonly logLevel: LogLevel;
  readonly serviceName: string;
  readonly serviceVersion: string | undefined;
  readonly environment: string;
  /** Attributes from OTEL_RESOURCE_ATTRIBUTES, after service.name/version/environment are resolved. */
  readonly resourceAttributes: Readonly<Record<string, string>>;
  readonly resourceDetectors: readonly string[];
  /** Context propagation formats (OTEL_PROPAGATORS). */
  readonly propagators: readonly string[];
  /** OTEL_EXPORTER_OTLP_PROTOCOL; each signal's own variable may override it (traces.protocol...). */
  readonly protocol: OtlpProtocol;
  /** Set only by OTEL_EXPORTER_OTLP_COMPRESSION: unset, the per-signal variables decide. */
  readonly compression: 'gzip' | 'none' | undefined;
  readonly exportTimeoutMs: number;
  readonly maxQueueSize: number;
  /** How long spans and log records wait in the worker's batches: fixed, not configurable. */
  readonly batchDelayMs: number;
  readonly traces: {
    readonly exporter: 'otlp' | 'none';
    readonly endpoint: string;
    readonly protocol: OtlpProtocol;
    readonly sampler: SamplerConfig;
    readonly slowRequestMs: number;
  };
  readonly metrics: {
    readonly exporter: 'otlp' | 'prometheus' | 'none';
    readonly endpoint: string;
    readonly protocol: OtlpProtocol;
    readonly exportIntervalMs: number;
    readonly prometheusHost: string;
    readonly prometheusPort: number;
  };
  readonly logs: {
    readonly exporter: 'otlp' | 'none';
    readonly endpoint: string;
    readonly protocol: OtlpProtocol;
  };
  readonly instrumentations: readonly string[];
  readonly untracedPaths: readonly string[];
  readonly shutdownTimeoutMs: number;
  /** Database operations slower than this are logged as warnings. */
  readonly slowQueryMs: number;
  /** Key names masked before export, beside the built-in ones. */
  readonly scrubKeys: readonly string[];
  /** The cgroup directory to read limits from; undefined: found from /proc/self/cgroup. */
  readonly cgroupDirectory: string | undefined;
}

/** One problem with one variable: logged once as a coded warning, never thrown. */
export interface ConfigWarning {
  readonly variable: string;
  readonly value: string;
  readonly expected: string;
  readonly fallback: string;
  /** For a standard variable this bootstrap does not read: why, and what to set instead. */
  readonly notRead?: boolean;
}
