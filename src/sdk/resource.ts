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

export async function buildResource(config: Config, warn: (message: string) => void): Promise<Resource> {
  const detectors = await selectDetectors(config.resourceDetectors, warn);
  const detected = detectResources({ detectors });
  const own = resourceFromAttributes({
    ...config.resourceAttributes,
    [ATTR_SERVICE_NAME]: config.serviceName,
    ...(config.serviceVersion === undefined ? {} : { [ATTR_SERVICE_VERSION]: config.serviceVersion }),
    'deployment.environment.name': config.environment,
  });
  // Later merges win: explicit configuration over detected values over SDK defaults.
  // Detectors with asynchronous attributes are not awaited here: the exporters wait for them,
  // so start-up never waits on a slow detector.
  return defaultResource().merge(detected).merge(own);
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
