// Step 1 of the preload: the configuration, read once from the environment (and the app's
// package.json for its name and version) into a frozen object. Every bad value becomes one
// coded warning naming the variable, the value and the fallback; nothing here throws.
import { findAppPackage } from '../config/app-package.js';
import { parseConfig } from '../config/parse.js';
import type { Env } from '../config/read-variable.js';
import type { Config } from '../config/types.js';
import { emitConfigWarnings } from '../config/warnings.js';

export interface ConfigurationSource {
  readonly env: Env;
  readonly entryScript: string | undefined;
  readonly cwd: string;
}

export function readConfiguration({ env, entryScript, cwd }: ConfigurationSource): Config {
  const { config, warnings } = parseConfig(env, findAppPackage(entryScript, cwd, env.pm_exec_path));
  emitConfigWarnings(warnings);
  return config;
}
