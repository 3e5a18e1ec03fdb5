// winston level names onto OpenTelemetry severities: the npm set (winston's default) and the
// syslog set, as @opentelemetry/winston-transport maps them, plus `fatal` and `trace` for
// apps that use OpenTelemetry's own names. `format.colorize()` writes the level wrapped in
// colour codes; they are stripped, since a backend shows and filters on the word.
import { SeverityNumber } from '@opentelemetry/api';

const SEVERITIES: ReadonlyMap<string, SeverityNumber> = new Map([
  // npm
  ['error', SeverityNumber.ERROR],
  ['warn', SeverityNumber.WARN],
  ['info', SeverityNumber.INFO],
  ['http', SeverityNumber.DEBUG3],
  ['verbose', SeverityNumber.DEBUG2],
  ['debug', SeverityNumber.DEBUG],
  ['silly', SeverityNumber.TRACE],
  // syslog (error, info and debug as above)
  ['emerg', SeverityNumber.FATAL3],
  ['alert', SeverityNumber.FATAL2],
  ['crit', SeverityNumber.FATAL],
  ['warning', SeverityNumber.WARN],
  ['notice', SeverityNumber.INFO2],
  // OpenTelemetry's names
  ['fatal', SeverityNumber.FATAL],
  ['trace', SeverityNumber.TRACE],
]);

/** Colour and other SGR sequences, as ANSI terminals read them. */
const COLOUR_CODES = /\u001b\[[0-9;]*m/g;

export function withoutColours(text: string): string {
  return text.replace(COLOUR_CODES, '');
}

/** UNSPECIFIED for a level outside the known sets (a custom level set). */
export function severityOfWinstonLevel(level: string): SeverityNumber {
  return SEVERITIES.get(withoutColours(level).toLowerCase()) ?? SeverityNumber.UNSPECIFIED;
}
