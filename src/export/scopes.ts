// One object per instrumentation scope in the worker: the OTLP serializers group records by
// scope (some by object identity), so records decoded from the ring must share them.
import type { InstrumentationScope } from '@opentelemetry/core';

export class ScopeInterner {
  private readonly scopes = new Map<string, InstrumentationScope>();

  get(name: string, version = '', schemaUrl = ''): InstrumentationScope {
    const key = `${name}\u0000${version}\u0000${schemaUrl}`;
    let scope = this.scopes.get(key);
    if (scope === undefined) {
      scope = { name, ...(version ? { version } : {}), ...(schemaUrl ? { schemaUrl } : {}) };
      this.scopes.set(key, scope);
    }
    return scope;
  }
}
