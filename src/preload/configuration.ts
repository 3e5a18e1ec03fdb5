// Step 1 of the preload: the configuration, read once from the environment (and the app's
// package.json for its name and version) into a frozen object. Every bad value becomes one
// coded warning naming the variable, the value and the fallback; nothing here throws.
import { findAppPackage } from '../config/app-package.js';
import { parseConfig } from '../config/parse.js';
import type { Env } from '../config/read-variable.js';
import type { Config } from '../config/types.js';
import { emitConfigWarnings } from '../config/warnings.js';
import { createScrubber } from '../scrub/scrubber.js';

export interface ConfigurationSource {
  readonly env: Env;
  readonly entryScript: string | undefined;
  readonly cwd: string;
}

export function readConfiguration({ env, entryScript, cwd }: ConfigurationSource): Config {
  const { config, warnings } = parseConfig(env, findAppPackage(entryScript, cwd, env.pm_exec_path));
  // A warning quotes the value it refuses; stderr ends up in log stores too, so a secret in
  // it (`OTEL_RESOURCE_ATTRIBUTES=db.password=...` written wrongly) is masked there as well.
  if (warnings.length === 0) return config;
  const scrubber = createScrubber(config.scrubKeys);
  emitConfigWarnings(warnings.map((warning) => ({ ...warning, value: scrubber.scrubString(warning.value) })));
  return config;
}
