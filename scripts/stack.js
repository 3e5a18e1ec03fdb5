// `npm run stack`: the stack without Docker, in the foreground on 127.0.0.1. The components
// the end-to-end tests run, started by the same code (test/e2e/support/pipeline.js and the
// launchers beside it), from the binaries the tests build: the collector, Prometheus with the
// repository's rules, Alertmanager, the blackbox exporter, the alert inbox, PostgreSQL where
// Debian's postgresql-15 is installed, and the demo shop with its auth service and load
// generator under the preload (scripts/stack/demo.js); Grafana too when grafana-server is on
// PATH (scripts/stack/grafana.js). Each runs with the command line, configuration files and
// environment docker-compose.yml gives its container, compose's addresses turned into
// 127.0.0.1 ports. Tempo and Loki run only under compose: traces and logs are dropped after
// the collector (scripts/stack/discard-sink.js). Data lives in temporary directories,
// removed when the stack stops.
//
//   npm run stack            (the same as: node scripts/stack.js)
//
// Needs `npm run build` and `npm run build:stack` (the binaries in .cache/stack/bin).
//
// Settings, from the environment:
//   Ports (defaults: what docker-compose.yml publishes; 0: any free port, chosen at start):
//     STACK_OTLP_GRPC_PORT (4317)  STACK_OTLP_HTTP_PORT (4318)  STACK_PROMETHEUS_PORT (9090)
//     STACK_ALERTMANAGER_PORT (9093)  STACK_INBOX_PORT (9095)  STACK_BLACKBOX_PORT (9115)
//     STACK_SHOP_PORT (8080)  STACK_GRAFANA_PORT (3000)
//     STACK_POSTGRES_PORT, STACK_AUTH_PORT (compose publishes neither: chosen at start)
//   As for docker compose (this shell first, then .env): LOAD_RPS, LOAD_AUTH_OUTAGE_EVERY_S,
//     GRAFANA_ADMIN_USER, GRAFANA_ADMIN_PASSWORD, and Alertmanager's PAGERDUTY_ROUTING_KEY,
//     SLACK_WEBHOOK_URL, HEARTBEAT_URL, SMTP_AUTH_PASSWORD.
//   GRAFANA_HOME: Grafana's home directory, when it is neither beside grafana-server's bin/
//     nor /usr/share/grafana.
//   TIME_SCALE: multiplies every start and stop time limit (test/e2e/support/time-scale.js).
//
// Output: a line per component once it is up, with its address; a line per component left
// out, saying why; then "Stack ready". Ctrl-C (SIGINT) or SIGTERM stops everything, newest
// first; a second one kills at once. Exit status: 0 once everything stopped; 1 when something
// could not start (what did start is stopped again) or did not stop in time; 2 for settings
// that are not valid.
import { missingPrerequisites } from './stack/prerequisites.js';
import { boundOutput } from './stack/bounded-output.js';
import { composeProjectWith, secretValues } from './stack/compose-settings.js';
import { startDemo } from './stack/demo.js';
import { startDiscardSink } from './stack/discard-sink.js';
import { planGrafana, startGrafana } from './stack/grafana.js';
import { portProblems } from './stack/port-check.js';
import { PORT_SETTINGS, publishedPort, settingOfPort, stackPorts } from './stack/ports.js';
import { startPipeline } from '../test/e2e/support/pipeline.js';
import { postgresMissing } from '../test/e2e/support/postgres.js';
import { scaled } from '../test/e2e/support/time-scale.js';

const say = (line) => process.stdout.write(`${line}\n`);
const complain = (line) => process.stderr.write(`${line}\n`);
const up = (component, address) => say(`${component.padEnd(18)} ${address}`);
const notStarted = (component, reason) => say(`${component} not started, ${reason}`);

const prerequisites = missingPrerequisites();
if (prerequisites.length > 0) {
  for (const problem of prerequisites) complain(problem);
  process.exit(1);
}
let project;
try {
  project = composeProjectWith(process.env);
} catch (error) {
  complain(error.message);
  process.exit(2);
}
const { ports, problems } = stackPorts(project);
if (problems.length > 0) {
  for (const problem of problems) complain(problem);
  process.exit(2);
}

// What will not start is said first, then every fixed port is checked before anything starts.
const grafanaPlan = planGrafana();
if (grafanaPlan.reason) notStarted('Grafana', grafanaPlan.reason);
notStarted('Tempo and Loki', 'they run only under docker compose: traces and logs are dropped after the collector (its span metrics still reach Prometheus)');
const omitted = new Set([...(grafanaPlan.reason ? ['grafana'] : []), ...(postgresMissing() ? ['postgres'] : [])]);
const busy = await portProblems(ports, PORT_SETTINGS.map((setting) => setting.key).filter((key) => !omitted.has(key)));
if (busy.length > 0) {
  for (const problem of busy) complain(problem);
  complain('Nothing was started.');
  process.exit(1);
}

const started = { pipeline: undefined, demo: undefined, grafana: undefined };
let stopping = false;
// The children do not hold the event loop (the shared harness unrefs them, for the tests):
// this does, until the stack stops.
const keepAlive = setInterval(() => {}, 2 ** 30);

async function stopAll() {
  await started.grafana?.stop();
  await started.demo?.stop();
  await started.pipeline?.stop();
}

/** A component that dies while the stack runs is reported with its last output; the rest keeps running. */
function watch(component, part) {
  part.child.once('exit', (code, signal) => {
    if (stopping) return;
    const output = (part.output?.() ?? `${part.stderr ?? ''}${part.stdout ?? ''}`).trim().slice(-3000);
    complain(`${component} exited unexpectedly (${signal ? `killed by ${signal}` : `exit status ${code}`}); the rest keeps running. Its last output:\n${output}`);
  });
}

async function start() {
  const report = {
    up,
    notStarted: (component, reason) => notStarted(component, `${reason}; the demo shop runs without its database (its readiness answers 503)`),
  };
  const pipeline = await startPipeline({
    ports,
    postgres: 'optional',
    alerting: { secrets: secretValues(project), pagerDutyStandIn: false },
    startTraceAndLogBackend: startDiscardSink,
    report,
  });
  started.pipeline = pipeline;
  boundOutput(pipeline.inbox);
  const local = (port) => `127.0.0.1:${port}`;
  const addresses = {
    'otel-collector:4318': pipeline.collector.otlpHttpUrl.replace('http://', ''),
    'otel-collector:4317': pipeline.collector.otlpGrpcEndpoint,
    'prometheus:9090': local(pipeline.prometheus.port),
    'alertmanager:9093': local(pipeline.alertmanager.port),
    'alert-inbox:9095': local(pipeline.inbox.port),
    'blackbox-exporter:9115': local(pipeline.blackbox.port),
    ...(pipeline.postgresExporter ? { 'postgres-exporter:9187': local(pipeline.postgresExporter.port) } : {}),
    // Without PostgreSQL the shop keeps retrying this address, compose's port for it.
    'postgres:5432': local(pipeline.postgres?.port ?? (ports.postgres || 5432)),
    // Not run here: Grafana's data sources for them point where compose publishes them.
    'tempo:3200': local(publishedPort(project, 'tempo', 3200)),
    'loki:3100': local(publishedPort(project, 'loki', 3100)),
  };
  if (stopping) return;
  started.demo = await startDemo({ project, addresses, ports: { app: pipeline.appPort, auth: ports.auth }, report });
  if (grafanaPlan.binary && !stopping) {
    started.grafana = await startGrafana({ plan: grafanaPlan, project, addresses, port: ports.grafana });
    up('Grafana', `${started.grafana.url} (user ${started.grafana.adminUser}, password GRAFANA_ADMIN_PASSWORD from .env or this shell)`);
  }
  const parts = {
    PostgreSQL: pipeline.postgres, 'PostgreSQL exporter': pipeline.postgresExporter, 'Alert inbox': pipeline.inbox, Alertmanager: pipeline.alertmanager, 'Blackbox exporter': pipeline.blackbox,
    Prometheus: pipeline.prometheus, Collector: pipeline.collector, 'Auth service': started.demo.auth, 'Demo shop': started.demo.shop,
    'Load generator': started.demo.load, Grafana: started.grafana,
  };
  for (const [component, part] of Object.entries(parts)) if (part) watch(component, part);
}

const startup = start();

async function shutdown(signal) {
  if (stopping) {
    complain(`${signal} again: killing everything now.`);
    process.exit(1);
  }
  stopping = true;
  say(`${signal}: stopping everything...`);
  // Whatever is still starting finishes (or fails and cleans up after itself) first.
  await startup.catch(() => {});
  const deadline = setTimeout(() => {
    complain('Some components did not stop in time: killing them.');
    process.exit(1);
  }, scaled(60_000));
  await stopAll();
  clearTimeout(deadline);
  clearInterval(keepAlive);
  say('Stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  await startup;
  if (!stopping) say('Stack ready. Ctrl-C stops everything.');
} catch (error) {
  if (!stopping) {
    stopping = true;
    const setting = error.port ? settingOfPort(ports, error.port) : undefined;
    let hint = '';
    if (setting) hint = ` Stop it, or choose another port with ${setting.variable}=<port> (0: any free port).`;
    else if (error.port) hint = ' (a port chosen at start was taken in the meantime: run the stack again)';
    complain(`${error.message}${hint}`);
    await stopAll();
    complain('Stopped what had started.');
    process.exit(1);
  }
}
