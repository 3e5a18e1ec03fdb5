// The resource every signal carries: service identity from the configuration, a unique
// service.instance.id, and host and process attributes. Cloud detectors probe metadata
// endpoints at start-up (a delay, and traffic, on every laptop), so they run only when listed.
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import {
  defaultResource,
  detectResources,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  type Resource,
  type ResourceDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
} from '@opentelemetry/resources';
import type { Config } from '../config/types.js';
import type { Scrubber } from '../scrub/scrubber.js';

/** The process detector minus process.command_args: command lines carry secrets (--password=…). */
const processDetectorWithoutArguments: ResourceDetector = {
  detect(config) {
    const detected = processDetector.detect(config);
    const attributes = { ...detected.attributes };
    delete attributes['process.command_args'];
    return { ...detected, attributes };
  },
};

const LOCAL_DETECTORS: Readonly<Record<string, ResourceDetector>> = {
  env: envDetector,
  host: hostDetector,
  os: osDetector,
  process: processDetectorWithoutArguments,
  serviceinstance: serviceInstanceIdDetector,
};

const CLOUD_DETECTOR_PACKAGES: Readonly<Record<string, string>> = {
  container: '@opentelemetry/resource-detector-container',
  aws: '@opentelemetry/resource-detector-aws',
  gcp: '@opentelemetry/resource-detector-gcp',
  azure: '@opentelemetry/resource-detector-azure',
  alibaba: '@opentelemetry/resource-detector-alibaba-cloud',
};

/**
 * How long start-up waits for detectors that answer asynchronously (the host id is read from
 * a file; cloud detectors ask a metadata endpoint). The export worker gets the settled
 * attributes when it starts and never has to wait for the application's thread, which may be
 * blocked in a synchronous flush by then.
 */
const ASYNC_DETECTION_BOUND_MS = 1_000;

export async function buildResource(config: Config, scrubber: Scrubber, warn: (message: string) => void): Promise<Resource> {
  const detectors = await selectDetectors(config.resourceDetectors, warn);
  const detected = await settled(detectResources({ detectors }), warn);
  const own = resourceFromAttributes({
    ...config.resourceAttributes,
    [ATTR_SERVICE_NAME]: config.serviceName,
    ...(config.serviceVersion === undefined ? {} : { [ATTR_SERVICE_VERSION]: config.serviceVersion }),
    'deployment.environment.name': config.environment,
  });
  // Later merges win: explicit configuration over detected values over SDK defaults.
  const merged = defaultResource().merge(detected).merge(own);
  // Every signal carries the resource, so it is scrubbed once, here: a key or value set in
  // OTEL_RESOURCE_ATTRIBUTES (`deploy.token=...`) or read from the environment by a detector
  // is masked as any attribute would be.
  const attributes = merged.attributes;
  const scrubbed = scrubber.scrubAttributes(attributes);
  return scrubbed === attributes ? merged : resourceFromAttributes(scrubbed);
}

async function settled(resource: Resource, warn: (message: string) => void): Promise<Resource> {
  if (!resource.asyncAttributesPending) return resource;
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ASYNC_DETECTION_BOUND_MS);
  });
  const outcome = await Promise.race([resource.waitForAsyncAttributes?.().then(() => 'settled' as const, () => 'settled' as const), bound]);
  clearTimeout(timer);
  if (outcome === 'settled') return resource;
  warn(`resource detection did not finish within ${ASYNC_DETECTION_BOUND_MS} ms; telemetry goes out without the attributes still pending`);
  const ready = resource.getRawAttributes().filter(([, value]) => !(value instanceof Promise));
  return resourceFromAttributes(Object.fromEntries(ready) as Parameters<typeof resourceFromAttributes>[0]);
}

async function selectDetectors(names: readonly string[], warn: (message: string) => void): Promise<ResourceDetector[]> {
  if (names.includes('none')) return [];
  const wanted = names.includes('all') ? [...Object.keys(LOCAL_DETECTORS), ...Object.keys(CLOUD_DETECTOR_PACKAGES)] : names;
  const detectors: ResourceDetector[] = [];
  for (const name of wanted) {
    const local = LOCAL_DETECTORS[name];
    if (local) {
      detectors.push(local);
      continue;
    }
    const packageName = CLOUD_DETECTOR_PACKAGES[name];
    if (!packageName) continue;
    try {
      const exported = (await import(packageName)) as Record<string, unknown>;
      for (const [key, value] of Object.entries(exported)) {
        if (key.endsWith('Detector') && value && typeof (value as ResourceDetector).detect === 'function') {
          detectors.push(value as ResourceDetector);
        }
      }
    } catch (error) {
      warn(`resource detector "${name}" could not be loaded and is skipped: ${(error as Error).message}`);
    }
  }
  return detectors;
}
