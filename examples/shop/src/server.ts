// Entry point of the demo shop. Run it under the preload:
//   node --import ./instrument examples/shop/dist/server.js
// It listens at once and migrates the database in the background, so a database that starts
// later (or goes away) shows up as readiness 503 and failing queries, not a crash loop.
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from 'node-otel-stack';
import { buildApp, type ShopState } from './app.js';
import { readConfig, type ShopConfig } from './config.js';
import { Database } from './db.js';

let config: ShopConfig;
try {
  config = readConfig();
} catch (error) {
  process.stderr.write(`shop: ${(error as Error).message}\n`);
  process.exit(1);
}

const logger = createLogger({ name: 'shop' });
const db = new Database(config.databaseUrl);
const state: ShopState = { migrated: false };
const app = buildApp(config, db, logger, state);
let stopping = false;

async function migrateUntilDone(): Promise<void> {
  for (let attempt = 1; !stopping; attempt++) {
    try {
      await db.migrate();
      state.migrated = true;
      logger.info({ attempt }, 'database schema ready');
      return;
    } catch (error) {
      logger.warn({ err: error, attempt }, 'database not reachable yet, retrying in 2 s');
      await sleep(2000);
    }
  }
}

async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  // A hard stop if draining hangs; unref'd so it never keeps a finished process alive.
  setTimeout(() => process.exit(1), 10_000).unref();
  await app.close();
  await db.close();
  process.exitCode = 0;
}

process.once('SIGTERM', (signal) => void stop(signal));
process.once('SIGINT', (signal) => void stop(signal));

await app.listen({ host: config.host, port: config.port });
const address = app.server.address();
logger.info({ listening: typeof address === 'object' && address !== null ? address.port : config.port }, 'shop listening');
void migrateUntilDone();
