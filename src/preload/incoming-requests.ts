// Step 4 of the preload: the HTTP path. Incoming requests get a SERVER span and a duration
// record from this project's lean server instrumentation; slow requests are logged; failed
// and slow requests the sampler dropped are rescued; Fastify routes come from its
// diagnostics channels.
import { emitLog } from '../api/log.js';
import type { Config } from '../config/types.js';
import { subscribeToFastifyRoutes } from '../http/fastify-routes.js';
import { createPathMatcher } from '../http/request-attributes.js';
import { createRescuer } from '../http/rescue.js';
import { instrumentHttpServers } from '../http/server.js';
import { INSTRUMENTATION_SCOPE, type Telemetry } from '../sdk/start.js';

export function instrumentIncomingRequests(config: Config, telemetry: Telemetry): void {
  if (config.instrumentations.includes('http')) {
    instrumentHttpServers({
      tracer: telemetry.tracer,
      duration: telemetry.serverDuration,
      isUntraced: createPathMatcher(config.untracedPaths),
      slowRequestMs: config.traces.slowRequestMs,
      onSlowRequest: (request) => emitLog('warn', 'slow request', {
        'http.request.method': request.method,
        'http.route': request.route ?? '',
        'http.response.status_code': request.statusCode,
        duration_ms: Math.round(request.durationMs),
        threshold_ms: config.traces.slowRequestMs,
      }, request.spanContext),
      rescue: createRescuer(telemetry.spanProcessors, telemetry.resource, INSTRUMENTATION_SCOPE),
    });
  }
  if (config.instrumentations.includes('fastify')) subscribeToFastifyRoutes();
}
