// What a failed export tells the person reading the application's stderr: one line that says
// telemetry did not get out and why, in words (refused, no answer in time, the collector's
// HTTP status), never the SDK's default of a JSON-serialised stack. The diagnostic logger then
// prints each distinct reason at most once a minute, so the reason comes first in the line.
import { diag } from '@opentelemetry/api';
import { setGlobalErrorHandler } from '@opentelemetry/core';

/** The processors' own deadline and the HTTP transport's both say this little. */
const TIMEOUT_MESSAGES = new Set(['Timeout', 'Request timed out']);
/** A collector's explanation is kept short: it is one line among the application's. */
const MAX_DETAIL_CHARS = 200;

/** Why an export failed, in a phrase (no trailing period). */
export function describeExportFailure(error: unknown, timeoutMs: number): string {
  if (error === undefined) return 'no reason given';
  if (!(error instanceof Error)) return String(error);
  const { code } = error as Error & { code?: unknown; data?: unknown };
  if (TIMEOUT_MESSAGES.has(error.message)) return `no answer from the collector within ${timeoutMs} ms (OBS_EXPORT_TIMEOUT_MS)`;
  if (typeof code === 'number') {
    const data = (error as { data?: unknown }).data;
    const detail = typeof data === 'string' ? oneLine(data) : '';
    return `the collector answered HTTP ${code}${error.message ? ` ${error.message}` : ''}${detail ? `: ${detail}` : ''}`;
  }
  if (typeof code === 'string' && !error.message.includes(code)) return `${error.message} (${code})`;
  return error.message || error.name;
}

/** Routes every export error the SDK reports (spans, logs) to one readable, rate-limited line. */
export function reportExportFailures(timeoutMs: number): (error: unknown) => void {
  const report = (error: unknown) => diag.error(`telemetry export failed: ${describeExportFailure(error, timeoutMs)}; what could not be sent is dropped and counted in the otel.sdk.* self-metrics`);
  setGlobalErrorHandler(report);
  return report;
}

/** A protobuf error body holds its text between binary bytes: keep the text. */
function oneLine(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > MAX_DETAIL_CHARS ? `${flat.slice(0, MAX_DETAIL_CHARS)}…` : flat;
}
