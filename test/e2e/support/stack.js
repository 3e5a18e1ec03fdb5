// Runs the stack's real components as processes on 127.0.0.1, for the end-to-end tests and
// for `npm run stack` (scripts/stack.js): the collector built from
// otel-collector/builder-config.yaml, Prometheus 3, Alertmanager and the blackbox exporter,
// each with the command line docker-compose.yml gives its container (test/support/compose.js
// maps the container paths to the repository's files and to temporary data directories).
// The one substitution: compose host:port addresses become 127.0.0.1 ports (environment
// variables for the collector, a textual replacement of `host:port` in prometheus.yml and
// alertmanager.yml, which have no variables, and listen-address flags); container paths that
// compose fills (/run/secrets) become temporary files. One file per component:
//   binaries.js (finding and running the built programs), component-process.js (a component
//   as a child process), prometheus.js, alertmanager.js, blackbox.js, collector.js;
//   pipeline.js starts them together.
export { STACK_BIN, binary, run } from './binaries.js';
export { startAlertmanager } from './alertmanager.js';
export { startBlackbox } from './blackbox.js';
export { startCollector } from './collector.js';
export { startPrometheus, waitForSeries } from './prometheus.js';
