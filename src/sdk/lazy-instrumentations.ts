// Instrumentations are created when the application first resolves one of their modules,
// not at start-up: an app that uses none of the catalog's packages pays for none of them, and
// start-up does not grow with the catalog. The module hook sees the resolution before the
// module runs, so the instrumentation registers its own hooks in time for the module's code
// and its internal files. Those that hook no module (http, fetch, the runtime) are created
// at once, and all of them are where the Node version has no synchronous module hooks.
import { isBuiltin } from 'node:module';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { Config } from '../config/types.js';
import { CATALOG, type InstrumentationDependencies } from './instrumentation-catalog.js';

export interface InstrumentationPlan {
  /** Created now. */
  readonly created: Instrumentation[];
  /** Package name → catalog name, for those created on first resolution. */
  readonly waiting: ReadonlyMap<string, string>;
  /**
   * Creates the instrumentation that patches `packageName`, once; [] for anything else.
   * `parentUrl` is the module that asked for it.
   */
  activate(packageName: string, parentUrl: string | undefined): Instrumentation[];
}

export function planInstrumentations(
  config: Config,
  dependencies: InstrumentationDependencies,
  warn: (message: string) => void,
  { lazily }: { lazily: boolean },
): InstrumentationPlan {
  const create = (name: string): Instrumentation[] => {
    try {
      return CATALOG[name]!.create(config, dependencies);
    } catch (error) {
      warn(`instrumentation "${name}" could not be loaded and is skipped: ${(error as Error).message}`);
      return [];
    }
  };
  const created: Instrumentation[] = [];
  const waiting = new Map<string, string>();
  for (const name of config.instrumentations) {
    const entry = CATALOG[name];
    if (!entry) continue;
    // Built-ins (fs, dns, net) are loaded by Node itself early on: those are created at once.
    if (!lazily || entry.modules.length === 0 || entry.modules.some((module) => isBuiltin(module))) created.push(...create(name));
    else for (const packageName of entry.modules) waiting.set(packageName, name);
  }
  return {
    created,
    waiting,
    activate(packageName, parentUrl) {
      const name = waiting.get(packageName);
      if (name === undefined) return [];
      const entry = CATALOG[name]!;
      if (parentUrl !== undefined && entry.notForPackagesOf?.some((owner) => parentUrl.includes(`/node_modules/${owner}/`))) return [];
      for (const module of entry.modules) waiting.delete(module);
      return create(name);
    },
  };
}

/** `pg` for `pg/lib/client`, `@hapi/hapi` for `@hapi/hapi/lib/server`; undefined for paths and built-ins. */
export function packageNameOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:') || specifier.includes(':')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
