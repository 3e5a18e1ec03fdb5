// Next.js 16 (App Router route handlers, a dynamic segment) in a custom server. Next routes
// requests itself behind a plain node:http server; the route comes from the one Next names in
// its own spans (src/http/next-routes.ts), and Next's spans sit under the SERVER span. The
// app is built with `next build` first, as it would be for production.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { frameworkCompatSuite } from '../support/framework-suite.js';

const APP_FOLDER = fileURLToPath(new URL('../apps/next/', import.meta.url));
const NEXT_CLI = fileURLToPath(new URL('../../../node_modules/next/dist/bin/next', import.meta.url));

function buildNextApp() {
  execFileSync(process.execPath, [NEXT_CLI, 'build', APP_FOLDER], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

frameworkCompatSuite({
  caseId: 'next',
  app: 'test/compat/apps/next/server.cjs',
  matched: { path: '/users/7', route: '/users/[id]' },
  failing: { path: '/orders/42', route: '/orders/[id]' },
  unknown: '/nope/123',
  frameworkScopes: ['next.js'],
  prepare: buildNextApp,
});
