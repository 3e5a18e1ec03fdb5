// The last metric collection, taken synchronously. process.exit() and an application's signal
// listener that exits at once leave only an 'exit' handler or a synchronous listener to run in,
// where no promise settles, and the SDK's collection is asynchronous all the way down: a counter
// a job incremented and a request's duration recorded since the last export interval were lost.
//
// The SDK's synchronous instruments (counters, histograms, up-down counters, gauges) keep their
// points in storages whose collection is synchronous; only the observable callbacks are awaited
// before them. This reads those storages for the exporting reader, as the SDK's own collection
// would after the callbacks, plus the producers that can answer synchronously. Observable
// instruments keep the value of their last collection. The storages are the SDK's internals,
// checked at each call: a version that moved them makes this answer undefined, and the caller
// falls back to the asynchronous collection.
import type { HrTime } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import type { CollectionResult, MeterProvider, MetricData, MetricReader, ScopeMetrics } from '@opentelemetry/sdk-metrics';

interface MetricStorage {
  collect(collector: unknown, collectionTime: HrTime): MetricData | null | undefined;
}
interface MeterState {
  readonly metricStorageRegistry?: { getStorages?(collector: unknown): MetricStorage[] };
  readonly _instrumentationScope?: ScopeMetrics['scope'];
}
interface ProviderInternals {
  readonly _sharedState?: { readonly meterSharedStates?: Map<string, MeterState> };
}
interface ReaderInternals {
  /** The provider's collector bound to this reader: the key of its storages. */
  readonly _sdkMetricProducer?: unknown;
}

export interface SyncMetricProducer {
  collectSync(): CollectionResult;
}

/** Returns every scope's metrics as they stand now, or undefined when the SDK's shape is not the one known here. */
export type FinalMetricCollection = () => ScopeMetrics[] | undefined;

export function finalMetricCollection(meterProvider: MeterProvider, reader: MetricReader, producers: readonly SyncMetricProducer[]): FinalMetricCollection {
  return () => {
    try {
      const meterStates = (meterProvider as unknown as ProviderInternals)._sharedState?.meterSharedStates;
      const collector = (reader as unknown as ReaderInternals)._sdkMetricProducer;
      if (!(meterStates instanceof Map) || collector === undefined) return undefined;
      const collectionTime = millisToHrTime(Date.now());
      const scopeMetrics: ScopeMetrics[] = [];
      for (const state of meterStates.values()) {
        const storages: MetricStorage[] | undefined = state.metricStorageRegistry?.getStorages?.(collector);
        if (!Array.isArray(storages) || state._instrumentationScope === undefined) return undefined;
        const collected: MetricData[] = [];
        for (const storage of storages) {
          const metric = storage.collect(collector, collectionTime);
          if (metric && metric.dataPoints.length > 0) collected.push(metric);
        }
        if (collected.length > 0) scopeMetrics.push({ scope: state._instrumentationScope, metrics: collected });
      }
      for (const producer of producers) scopeMetrics.push(...producer.collectSync().resourceMetrics.scopeMetrics);
      return scopeMetrics;
    } catch {
      return undefined;
    }
  };
}
