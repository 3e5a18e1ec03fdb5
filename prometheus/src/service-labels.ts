// The labels that identify a service in every per-service rule, and the example service the
// generated promtool tests feed in.

/** Every per-service aggregation keeps these, so alerts name the service and its environment. */
export const BY_SERVICE = 'job, service_name, deployment_environment_name';

export const EXAMPLE_SERVICE: Readonly<Record<string, string>> = { job: 'demo/shop', service_name: 'shop', deployment_environment_name: 'production' };

/** EXAMPLE_SERVICE as the start of a series selector. */
export const EXAMPLE_SERVICE_SELECTOR = Object.entries(EXAMPLE_SERVICE)
  .map(([name, value]) => `${name}="${value}"`)
  .join(', ');
