// The head sampler. By default the ratio follows the deployment environment and respects
// the caller's decision (parent-based); the standard sampler variables replace it.
// Failed and slow requests that this drops are still exported: see src/http/rescue.ts.
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
import type { SamplerConfig } from '../config/types.js';

export function buildSampler({ name, ratio }: SamplerConfig): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    default: // 'environment' and 'parentbased_traceidratio'
      return new ParentBasedSampler({ root: ratio >= 1 ? new AlwaysOnSampler() : new TraceIdRatioBasedSampler(ratio) });
  }
}

/** Whether a span below an unrecorded parent is never recorded (what lean-tracer.ts relies on). */
export function isParentBased({ name }: SamplerConfig): boolean {
  return name === 'environment' || name.startsWith('parentbased_');
}
