// The demo of `npm run stack`: the auth service, the shop and the load generator, each with
// the command line and environment docker-compose.yml gives its container (so under the
// preload, `node --import ./instrument`), compose's addresses turned into 127.0.0.1 ports.
// The auth service and the shop start the way the end-to-end tests start them
// (test/support/app-process.js: the app reports the port it listens on); the load generator
// serves nothing, so it is up once it runs.
import { once } from 'node:events';
import { startApp } from '../../test/support/app-process.js';
import { namedStart, startProcess } from '../../test/e2e/support/component-process.js';
import { scaled } from '../../test/e2e/support/time-scale.js';
import { boundOutput } from './bounded-output.js';
import { nodeCommand, serviceEnvironment } from './compose-settings.js';

// Local processes bind the loopback interface only, like compose's published ports; the
// apps' own defaults (0.0.0.0) suit containers.
const LOOPBACK = '127.0.0.1';

async function startNodeService(component, project, service, addresses, env) {
  const { options, script } = nodeCommand(project, service);
  const app = await namedStart(component, startApp(script, {
    args: options,
    // app-process.js exports metrics every second for the tests; compose leaves the SDK's
    // default (15 s, Prometheus' scrape interval), and so does the stack: undefined unsets it.
    env: { ...serviceEnvironment(project, service, addresses), HOST: LOOPBACK, OTEL_METRIC_EXPORT_INTERVAL: undefined, ...env },
  }));
  return boundOutput(app);
}

/**
 * @param {{ project: object, addresses: Record<string, string>, ports: { app: number, auth: number },
 *   report: { up(component: string, address: string): void } }} options addresses: compose
 *   `host:port` -> 127.0.0.1 address of every component already running.
 */
export async function startDemo({ project, addresses, ports, report }) {
  const demo = {};
  demo.stop = async () => {
    await demo.load?.stop('SIGTERM');
    await demo.shop?.stop('SIGTERM', { killAfterMs: scaled(10_000) });
    await demo.auth?.stop('SIGTERM', { killAfterMs: scaled(10_000) });
  };
  try {
    demo.auth = await startNodeService('Auth service', project, 'auth', addresses, { AUTH_PORT: String(ports.auth) });
    const local = { ...addresses, 'auth:3001': `${LOOPBACK}:${demo.auth.port}` };
    report.up('Auth service', `http://${LOOPBACK}:${demo.auth.port}`);
    demo.shop = await startNodeService('Demo shop', project, 'demo-app', local, { PORT: String(ports.app) });
    local['demo-app:3000'] = `${LOOPBACK}:${demo.shop.port}`;
    report.up('Demo shop', `http://${LOOPBACK}:${demo.shop.port}`);
    const { options, script } = nodeCommand(project, 'load-generator');
    const loadEnvironment = serviceEnvironment(project, 'load-generator', local);
    demo.load = startProcess('Load generator', process.execPath, [...options, script], { env: { HOME: process.env.HOME, ...loadEnvironment } });
    await once(demo.load.child, 'spawn');
    report.up('Load generator', `${loadEnvironment.LOAD_RPS ?? 5} requests/s to ${loadEnvironment.TARGET_URL}`);
    return demo;
  } catch (error) {
    await demo.stop();
    throw error;
  }
}
