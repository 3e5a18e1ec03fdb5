// Finds the application's package.json (name and version become service.name and
// service.version when no variable sets them). Read once, synchronously, at preload time.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

export interface AppPackage {
  readonly name: string | undefined;
  readonly version: string | undefined;
}

const MAX_LEVELS = 32;

/**
 * Walks up from the entry script's folder (else the working directory) to the nearest
 * package.json with a name: one without (`{"type": "module"}` in a subfolder) only marks how
 * the files below it load, and the application's own is further up.
 *
 * An entry script inside node_modules is a tool that runs the application: a framework's CLI
 * (`fastify start app.js`), a process manager (pm2 runs its own container script and names the
 * application's in `pm_exec_path`, passed here as `managedScript`). Its package.json names the
 * tool, so the application's script, else the working directory, comes first; the tool's name
 * only when neither has a package.json (a server run with npx from an empty folder).
 */
export function findAppPackage(entryScript: string | undefined, cwd: string, managedScript?: string): AppPackage {
  const entry = entryScript ? resolve(cwd, entryScript) : undefined;
  if (entry === undefined || !isInstalledPackage(entry)) return nearestNamedPackage(entry ? dirname(entry) : cwd);
  const managed = managedScript ? resolve(cwd, managedScript) : undefined;
  const app = managed && !isInstalledPackage(managed) ? nearestNamedPackage(dirname(managed)) : nearestNamedPackage(cwd);
  return app.name ? app : nearestNamedPackage(dirname(entry));
}

function isInstalledPackage(path: string): boolean {
  return path.includes(`${sep}node_modules${sep}`);
}

function nearestNamedPackage(start: string): AppPackage {
  let directory = start;
  for (let level = 0; level < MAX_LEVELS; level++) {
    const found = readPackage(join(directory, 'package.json'));
    if (found?.name) return found;
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  return { name: undefined, version: undefined };
}

function readPackage(path: string): AppPackage | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as { name?: unknown; version?: unknown };
    return {
      name: typeof parsed.name === 'string' && parsed.name !== '' ? parsed.name : undefined,
      version: typeof parsed.version === 'string' && parsed.version !== '' ? parsed.version : undefined,
    };
  } catch {
    // A package.json we cannot parse is not ours to complain about; keep walking up.
    return undefined;
  }
}
