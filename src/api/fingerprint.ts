// A stable fingerprint for an error, so that the same bug groups together across requests,
// users and deploys: its type, its message with the variable parts replaced, and the top
// frame of the application's own code (function and file, no line: lines move between
// releases).
import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const VARIABLE_PARTS: readonly [RegExp, string][] = [
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>'],
  [/\b0x[0-9a-f]+\b|\b[0-9a-f]{12,}\b/gi, '<hex>'],
  [/"[^"]*"|'[^']*'|`[^`]*`/g, '<str>'],
  [/\d+(\.\d+)?/g, '<n>'],
];

export function normaliseMessage(message: string): string {
  let result = message;
  for (const [pattern, replacement] of VARIABLE_PARTS) result = result.replace(pattern, replacement);
  return result.trim().slice(0, 300);
}

/** `function (file)` of the first stack frame in the app's own code, if any. */
export function topApplicationFrame(stack: string | undefined, cwd = process.cwd()): string | undefined {
  for (const line of (stack ?? '').split('\n')) {
    const match = /^\s+at (?:(.+?) \()?(.+?):\d+:\d+\)?$/.exec(line);
    if (!match) continue;
    const [, fn = '<anonymous>', location = ''] = match;
    if (location.startsWith('node:') || location.includes('/node_modules/') || location.includes('/node-otel-stack/dist/')) continue;
    let file = location;
    try {
      file = relative(cwd, location.startsWith('file://') ? fileURLToPath(location) : location);
    } catch {
      // keep the location as it is
    }
    return `${fn.replace(/^async /, '')} (${file})`;
  }
  return undefined;
}

export function fingerprintOf(type: string, message: string, stack: string | undefined): string {
  const parts = [type, normaliseMessage(message), topApplicationFrame(stack) ?? ''];
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
}
