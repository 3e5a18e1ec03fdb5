// Prints the README's configuration table from the one table in src/config/variables.ts
// (built into dist/). test/config/readme.test.js fails when the README copy drifts.
import { VARIABLES } from '../dist/config/variables.js';

export function variablesTable() {
  const kind = ({ kind }) => (kind.type === 'enum' ? kind.values.join(' \\| ') : kind.type === 'integer' || kind.type === 'number' ? `${kind.type} ${kind.min}–${kind.max}` : kind.type);
  const rows = VARIABLES.map((variable) => `| \`${variable.name}\`${variable.project ? ' (project)' : ''} | ${kind(variable)} | ${variable.fallback === undefined ? `(${variable.derived ?? 'unset'})` : variable.fallback === '' ? '(empty)' : `\`${variable.fallback}\``} | ${variable.description} |`);
  return ['| variable | accepts | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${variablesTable()}\n`);
