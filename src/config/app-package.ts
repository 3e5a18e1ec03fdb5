// Finds the application's package.json (name and version become service.name and
// service.version when no variable sets them). Read once, synchronously, at preload time.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface AppPackage {
  readonly name: string | undefined;
  readonly version: string | undefined;
}

const MAX_LEVELS = 32;

/**
 * Walks up from the entry script's folder (else the working directory) to the nearest
 * package.json with a name: one without (`{"type": "module"}` in a subfolder) only marks how
 * the files below it load, and the application's own is further up.
 */
export function findAppPackage(entryScript: string | undefined, cwd: string): AppPackage {
  let directory = entryScript ? dirname(resolve(cwd, entryScript)) : cwd;
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
