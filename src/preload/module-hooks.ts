// Registers the ES-module loader hook for exactly the modules that are instrumented.
// `--import` alone does not patch ES modules, and hooking every module is what makes the
// stock register slow to start (PITFALLS): the include list keeps the hook to our few.
import { isBuiltin, register as registerAsyncHooks } from 'node:module';
import { register as registerSyncHooks, supportsSyncHooks } from 'import-in-the-middle/register-hooks.mjs';

export type HookMode = 'sync' | 'async' | 'none';

export function registerModuleHooks(moduleNames: readonly string[]): HookMode {
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
