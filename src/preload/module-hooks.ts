// Step 2 of the preload: the instrumentations the configuration enables, and the module hooks
// for exactly the modules they patch. `--import` alone does not patch ES modules, and hooking
// every module is what makes the stock register slow to start: the include list keeps the
// ES-module hook to our few. Both happen before the application's first import.
import { isBuiltin, register as registerAsyncHooks } from 'node:module';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { register as registerSyncHooks, supportsSyncHooks } from 'import-in-the-middle/register-hooks.mjs';
import type { Config } from '../config/types.js';
import type { PinoLineSink } from '../logs/pino-instrumentation.js';
import { instrumentedModuleNames, loadInstrumentations } from '../sdk/instrumentations.js';

export type HookMode = 'sync' | 'async' | 'none';

export interface InstrumentedModules {
  readonly instrumentations: Instrumentation[];
  readonly hookMode: HookMode;
}

/** `pinoLines` receives pino's lines for export; undefined when logs are not exported. */
export async function instrumentModules(config: Config, warn: (message: string) => void, pinoLines: PinoLineSink | undefined): Promise<InstrumentedModules> {
  const instrumentations = await loadInstrumentations(config, warn, { pinoLines });
  return { instrumentations, hookMode: registerModuleHooks(instrumentedModuleNames(instrumentations)) };
}

function registerModuleHooks(moduleNames: readonly string[]): HookMode {
  if (moduleNames.length === 0) return 'none';
  // Built-ins are imported as `node:http` or `http`; list both spellings.
  const include = moduleNames.flatMap((name) => (isBuiltin(name) && !name.startsWith('node:') ? [name, `node:${name}`] : [name]));
  if (supportsSyncHooks()) {
    // In-thread hooks (Node >= 22.22.3 / 24.11.1): no message channel, no worker thread.
    registerSyncHooks({ include });
    return 'sync';
  }
  registerAsyncHooks('import-in-the-middle/hook.mjs', import.meta.url, { data: { include } });
  return 'async';
}
