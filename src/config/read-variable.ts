// Reads one variable of the table by its kind. A bad value is reported as a ConfigWarning
// and replaced by the table's fallback: operator input never throws into the app.
import type { ConfigWarning } from './types.js';
import type { VariableDefinition } from './variables.js';

export type Env = Readonly<Record<string, string | undefined>>;

export class VariableReader {
  readonly warnings: ConfigWarning[] = [];
  constructor(private readonly env: Env) {}

  /** The raw value, or undefined when unset or blank. */
  raw(definition: VariableDefinition): string | undefined {
    const value = this.env[definition.name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  warn(definition: VariableDefinition, value: string, expected: string, fallback = definition.fallback ?? definition.derived ?? 'unset'): void {
    this.warnings.push({ variable: definition.name, value, expected, fallback });
  }

  /** A standard variable set that this bootstrap does not read: say so, and what applies instead. */
  notRead(name: string, why: string, fallback: string): void {
    const value = this.env[name];
    if (value === undefined || value.trim() === '') return;
    this.warnings.push({ variable: name, value: value.trim(), expected: why, fallback, notRead: true });
  }

  string(definition: VariableDefinition): string | undefined {
    return this.raw(definition) ?? definition.fallback;
  }

  boolean(definition: VariableDefinition): boolean {
    const value = this.raw(definition);
    if (value === undefined) return definition.fallback === 'true';
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    this.warn(definition, value, '"true" or "false"');
    return definition.fallback === 'true';
  }

  number(definition: VariableDefinition): number | undefined {
    const { kind } = definition;
    if (kind.type !== 'integer' && kind.type !== 'number') throw new TypeError(`${definition.name} is not numeric`);
    const value = this.raw(definition);
    const fallback = definition.fallback === undefined ? undefined : Number(definition.fallback);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    const integerOk = kind.type === 'number' || Number.isInteger(parsed);
    if (!Number.isFinite(parsed) || !integerOk || parsed < kind.min || parsed > kind.max) {
      this.warn(definition, value, `${kind.type === 'integer' ? 'an integer' : 'a number'} from ${kind.min} to ${kind.max}`);
      return fallback;
    }
    return parsed;
  }

  /** `fallbackText` names what applies instead in the warning, where the table's fallback is another variable. */
  enumeration<T extends string>(definition: VariableDefinition, fallbackText?: string): T | undefined {
    const { kind } = definition;
    if (kind.type !== 'enum') throw new TypeError(`${definition.name} is not an enum`);
    const value = this.raw(definition);
    if (value === undefined) return definition.fallback as T | undefined;
    const lower = value.toLowerCase();
    if (kind.values.includes(lower)) return lower as T;
    this.warn(definition, value, `one of ${kind.values.join(', ')}`, fallbackText);
    return definition.fallback as T | undefined;
  }

  url(definition: VariableDefinition): string | undefined {
    const value = this.raw(definition);
    if (value === undefined) return definition.fallback;
    try {
      const parsed = new URL(value);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return value;
    } catch {
      // reported below
    }
    this.warn(definition, value, 'an http:// or https:// URL');
    return definition.fallback;
  }

  /** Comma-separated list, trimmed, blanks dropped; undefined when unset and no fallback. */
  list(definition: VariableDefinition): string[] | undefined {
    const value = this.raw(definition) ?? definition.fallback;
    if (value === undefined) return undefined;
    return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
  }
}
