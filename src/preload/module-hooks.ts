// Step 2 of the preload: the instrumentations the configuration enables, and the module hooks
// for exactly the modules they patch, before the application's first import. `--import` alone
// does not patch ES modules, and hooking every module is what makes the stock register slow
// to start: the include list keeps the ES-module hook to the catalog's packages.
//
// Where Node has synchronous module hooks, an instrumentation is created only when the
// application first resolves one of its packages (a resolve hook sees it before the package
// runs); until the SDK step has registered the providers, those created wait in a queue.
import { isBuiltin, register as registerAsyncHooks, registerHooks } from 'node:module';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { register as registerSyncHooks, supportsSyncHooks } from 'import-in-the-middle/register-hooks.mjs';
import type { Config } from '../config/types.js';
import type { PinoLineSink } from '../logs/pino-instrumentation.js';
import { instrumentedEsmFiles, instrumentedModuleNames } from '../sdk/instrumentation-catalog.js';
import { packageNameOf, planInstrumentations } from '../sdk/lazy-instrumentations.js';
import { keepTypeScriptForRequireCompilers } from './typescript-compilers.js';

export type HookMode = 'sync' | 'async' | 'none';

export interface InstrumentedModules {
  /** Created at start-up; register them with the SDK. */
  readonly instrumentations: Instrumentation[];
  readonly hookMode: HookMode;
  /** Hands instrumentations created later (and any waiting already) to the SDK's registration. */
  registerLaterWith(register: (instrumentations: Instrumentation[]) => void): void;
}

/** `pinoLines` receives pino's lines for export; undefined when logs are not exported. */
export function instrumentModules(config: Config, warn: (message: string) => void, pinoLines: PinoLineSink | undefined): InstrumentedModules {
  const lazily = supportsSyncHooks();
  const plan = planInstrumentations(config, { pinoLines }, warn, { lazily });
  const hookMode = registerModuleHooks([...instrumentedModuleNames(plan.created), ...plan.waiting.keys()], instrumentedEsmFiles(config.instrumentations));

  let register: ((instrumentations: Instrumentation[]) => void) | undefined;
  const queued: Instrumentation[] = [];
  if (plan.waiting.size > 0) {
    registerHooks({
      resolve(specifier, context, nextResolve) {
        const packageName = packageNameOf(specifier);
        if (packageName === undefined || plan.waiting.size === 0 || fromModuleHooks(context.parentURL)) return nextResolve(specifier, context);
        if (plan.waiting.has(packageName)) {
          activate(packageName, context.parentURL);
          return nextResolve(specifier, context);
        }
        // A package asked for under another name that resolves into a waiting package's folder:
        // bundlers' externals (Next.js's Turbopack requires `pino-<hash>`, a link to pino).
        const resolved = nextResolve(specifier, context);
        const installedAs = installedPackageOf(resolved.url);
        if (installedAs !== undefined && plan.waiting.has(installedAs)) activate(installedAs, context.parentURL);
        return resolved;
      },
    });
  }
  // Whatever hooks there are: the preload's `--import` alone changes how Node loads a `.ts`
  // entry point (see its module). Last, so that it sees what the hooks above make of a file.
  keepTypeScriptForRequireCompilers();

  function activate(packageName: string, parentUrl: string | undefined): void {
    const created = plan.activate(packageName, parentUrl);
    if (register) register(created);
    else queued.push(...created);
  }
  return {
    instrumentations: plan.created,
    hookMode,
    registerLaterWith(registration) {
      register = registration;
      if (queued.length > 0) registration(queued.splice(0));
    },
  };
}

/** `pino` for `file:///app/node_modules/pino/pino.js`: the package a resolved file belongs to (the last node_modules in its path). */
export function installedPackageOf(url: string): string | undefined {
  const at = url.lastIndexOf('/node_modules/');
  if (at === -1) return undefined;
  const parts = url.slice(at + '/node_modules/'.length).split('/');
  return parts[0]!.startsWith('@') ? (parts.length > 2 ? `${parts[0]}/${parts[1]}` : undefined) : parts.length > 1 ? parts[0] : undefined;
}

/** The hooks resolve packages themselves to find their version: that is not the app loading them. */
function fromModuleHooks(parentUrl: string | undefined): boolean {
  return parentUrl !== undefined && (parentUrl.includes('/node_modules/require-in-the-middle/') || parentUrl.includes('/node_modules/import-in-the-middle/'));
}

function registerModuleHooks(moduleNames: readonly string[], esmFiles: readonly RegExp[]): HookMode {
  if (moduleNames.length === 0) return 'none';
  // Built-ins are imported as `node:http` or `http`; list both spellings.
  const include: (string | RegExp)[] = moduleNames.flatMap((name) => (isBuiltin(name) && !name.startsWith('node:') ? [name, `node:${name}`] : [name]));
  include.push(...esmFiles);
  if (supportsSyncHooks()) {
    // In-thread hooks (Node >= 22.22.3 / 24.11.1): no message channel, no worker thread.
    registerSyncHooks({ include });
    return 'sync';
  }
  registerAsyncHooks('import-in-the-middle/hook.mjs', import.meta.url, { data: { include } });
  return 'async';
}
