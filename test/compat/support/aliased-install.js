// A second major version of a package is installed here under an npm alias (Express 4 as
// `express-4` beside Express 5 as `express`; graphql 17 as `graphql-17` beside 16), but an app
// imports it by its own name, and instrumentations match the package by that name in its path.
// So such an app gets what a project on that version has: a copy of the package in its own
// folder's node_modules under its real name (git ignores node_modules). Copied into a
// temporary sibling and renamed, so a half-finished copy is never seen.
import { cpSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { installedPackage } from './installed.js';

const REPO_MODULES = fileURLToPath(new URL('../../../node_modules/', import.meta.url));

/** Places node_modules/<alias> as <name> in test/compat/apps/<appFolder>/node_modules, unless that version is there already. */
export function installAliasedForApp(alias, name, appFolder) {
  const wanted = installedPackage(alias).version;
  const targetModules = fileURLToPath(new URL(`../apps/${appFolder}/node_modules/`, import.meta.url));
  const target = `${targetModules}${name}`;
  const present = existsSync(`${target}/package.json`) ? JSON.parse(readFileSync(`${target}/package.json`, 'utf8')).version : undefined;
  if (present === wanted) return;
  const staging = `${targetModules}.${name}-${process.pid}`;
  cpSync(`${REPO_MODULES}${alias}/`, staging, { recursive: true });
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
}
