// Child processes inherit the preload flag: fork() and cluster copy process.execArgv, and every
// child inherits NODE_OPTIONS. The child resolves `--import ./instrument` (or a package name
// such as `node-otel-stack/register`) again, against its own working directory: a child forked
// with another `cwd`, or after process.chdir(), would fail to start with ERR_MODULE_NOT_FOUND,
// where it starts fine without the preload. So the flag that loaded this preload, and only that
// one, is rewritten to the file URL of what it resolved to; the application's other flags stay
// exactly as it gave them.
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The files an `--import` of this preload can resolve to. */
const ENTRY_FILES = [new URL('../register.js', import.meta.url), new URL('../../instrument', import.meta.url)].map((url) => realFile(fileURLToPath(url)));

function realFile(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}

/** The file URL this specifier, given as `--import` from `cwd`, resolves to when it is this preload. */
export function preloadEntryUrl(specifier: string, cwd: string): string | undefined {
  // Absolute already: a file URL or an absolute path resolves the same from anywhere.
  if (specifier.startsWith('file:') || path.isAbsolute(specifier)) return undefined;
  let file: string;
  if (specifier.startsWith('./') || specifier.startsWith('../')) file = path.resolve(cwd, specifier);
  else {
    try {
      file = createRequire(path.join(cwd, 'noop.js')).resolve(specifier);
    } catch {
      return undefined;
    }
  }
  const real = realFile(file);
  return real !== undefined && ENTRY_FILES.includes(real) ? pathToFileURL(real).href : undefined;
}

/** Rewrites `--import <this preload>` in a list of arguments; the same array when nothing matched. */
export function pinPreloadArguments(args: readonly string[], cwd: string): string[] {
  const result = [...args];
  let changed = false;
  for (let index = 0; index < result.length; index++) {
    const argument = result[index]!;
    if (argument === '--import' && index + 1 < result.length) {
      const url = preloadEntryUrl(result[index + 1]!, cwd);
      if (url !== undefined) {
        result[index + 1] = url;
        changed = true;
      }
      index++;
    } else if (argument.startsWith('--import=')) {
      const url = preloadEntryUrl(argument.slice('--import='.length), cwd);
      if (url !== undefined) {
        result[index] = `--import=${url}`;
        changed = true;
      }
    }
  }
  return changed ? result : (args as string[]);
}

/**
 * Pins this process's own `--import` of the preload, in process.execArgv and in NODE_OPTIONS,
 * so that the children inheriting them load it whatever their working directory. Splits
 * NODE_OPTIONS on spaces: a value with quoted spaces is left as it is.
 */
export function pinPreloadForChildProcesses(cwd: string): void {
  try {
    const execArgv = pinPreloadArguments(process.execArgv, cwd);
    if (execArgv !== process.execArgv) process.execArgv.splice(0, process.execArgv.length, ...execArgv);
    const nodeOptions = process.env.NODE_OPTIONS;
    if (nodeOptions && nodeOptions.includes('--import') && !/["']/.test(nodeOptions)) {
      const tokens = nodeOptions.split(/\s+/).filter(Boolean);
      const pinned = pinPreloadArguments(tokens, cwd);
      if (pinned !== tokens) process.env.NODE_OPTIONS = pinned.join(' ');
    }
  } catch {
    // Only children started elsewhere would notice; the application itself runs on.
  }
}
