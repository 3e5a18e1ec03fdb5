// The name and version of a package as installed in this repository's node_modules: what the
// compatibility table reports is what the suite ran, read at the time, never written by hand.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const NODE_MODULES = fileURLToPath(new URL('../../../node_modules/', import.meta.url));

/**
 * @param {string} directory the package's folder under node_modules (an npm alias such as
 *   `express-4` is its own folder; its package.json still names the real package), or
 *   `owner>name`: package `name` as package `owner` resolves it (its own copy, if it has one)
 * @returns {{ name: string, version: string }}
 */
export function installedPackage(directory) {
  const [owner, dependency] = directory.split('>');
  const manifestPath = dependency === undefined
    ? `${NODE_MODULES}${owner}/package.json`
    : createRequire(`${NODE_MODULES}${owner}/package.json`).resolve(`${dependency}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  return { name: manifest.name, version: manifest.version };
}

/** `koa 3.3.0, @koa/router 15.7.0`: the packages a case runs, as the table shows them. */
export function installedVersions(directories) {
  return directories.map((directory) => {
    const { name, version } = installedPackage(directory);
    return `${name} ${version}`;
  }).join(', ');
}
