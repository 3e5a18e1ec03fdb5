// Public API of the package. The preload lives at the `./register` subpath.
export { createLogger, type CreateLoggerOptions, DEFAULT_REDACT_PATHS } from './logs/logger.js';
export { parseConfig, ENVIRONMENT_SAMPLING_RATIOS } from './config/parse.js';
export type { Config, ConfigWarning } from './config/types.js';
export { VARIABLES } from './config/variables.js';
export { HTTP_DURATION_BOUNDARIES, DB_DURATION_BOUNDARIES } from './sdk/views.js';
