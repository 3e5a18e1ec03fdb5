// Public API of the package. The preload lives at the `./register` subpath.
export { createLogger, type CreateLoggerOptions, DEFAULT_REDACT_PATHS } from './logs/logger.js';
export { parseConfig, ENVIRONMENT_SAMPLING_RATIOS } from './config/parse.js';
export type { Config, ConfigWarning } from './config/types.js';
export { VARIABLES } from './config/variables.js';
export { HTTP_DURATION_BOUNDARIES, DB_DURATION_BOUNDARIES } from './sdk/views.js';

// Application API: business and security events, timed operations, error tracking.
export {
  recordSignup, recordLogin, recordPayment, recordSubscriptionChange, recordFeatureUsage, recordSecurityEvent,
  sessionStarted, sessionEnded, OUTCOMES, SUBSCRIPTION_CHANGES, SECURITY_EVENTS, PAYMENT_FAILURE_REASONS,
  type Outcome, type SubscriptionChange, type SecurityEvent, type PaymentFailureReason, type PaymentInput,
} from './api/events.js';
export { timeOperation, setOperationThreshold } from './api/operations.js';
export { observeSubscriptions, recordFunnelStep, recordActiveUser, type SubscriptionSnapshot, type SubscriptionReader } from './api/kpis.js';
export { captureError, type CaptureContext, type CapturedError } from './api/errors.js';
export { TelemetryArgumentError } from './api/arguments.js';
// Health endpoints and dependency checks.
export { createHealth, type Health, type HealthOptions, type DependencyCheck, type CheckResult, type Readiness } from './health/health.js';
export { postgresCheck, redisCheck, httpCheck, type CheckOptions } from './health/checks.js';
export { handleHealthRequest, healthMiddleware, healthPlugin, HEALTH_PATHS } from './health/adapters.js';
// Scrubbing, for apps that want the same masking in their own output.
export { createScrubber, type Scrubber } from './scrub/scrubber.js';
