// Express 4 is installed here under the npm alias `express-4` (beside Express 5 as
// `express`), but an app runs it as `express`, and the instrumentation matches the package by
// that name in its path. So the Express 4 app gets what an Express 4 project has: a copy of the
// package in its own folder's node_modules/express (git ignores node_modules). Copied into a
// temporary sibling and renamed, so a half-finished copy is never seen.
import { cpSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { installedPackage } from './installed.js';

const SOURCE = fileURLToPath(new URL('../../../node_modules/express-4/', import.meta.url));
const TARGET_MODULES = fileURLToPath(new URL('../apps/express-4/node_modules/', import.meta.url));

/** Places Express 4 as `express` beside the Express 4 app, unless that version is there already. */
export function installExpress4ForApp() {
  const wanted = installedPackage('express-4').version;
  const target = `${TARGET_MODULES}express`;
  const present = existsSync(`${target}/package.json`) ? JSON.parse(readFileSync(`${target}/package.json`, 'utf8')).version : undefined;
  if (present === wanted) return;
  const staging = `${TARGET_MODULES}.express-${process.pid}`;
  cpSync(SOURCE, staging, { recursive: true });
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
}
