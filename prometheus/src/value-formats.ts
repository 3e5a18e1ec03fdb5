// How an alert's description renders its $value: the Go template Prometheus runs, and the
// same text computed here for the generated promtool expectations. The mirrors cover the
// ranges the generated tests use; prometheus/tests/handwritten.test.yml checks the real
// rendering against texts written by hand.
/** `days` and `hours` are the value with one decimal: the expression computes it in that unit. */
export type ValueFormat = 'percent' | 'seconds' | 'number' | 'days' | 'hours';

export const VALUE_TEMPLATES: Readonly<Record<ValueFormat, string>> = {
  percent: '{{ $value | humanizePercentage }}',
  seconds: '{{ $value | humanizeDuration }}',
  number: '{{ $value | humanize }}',
  days: '{{ $value | printf "%.1f" }}',
  hours: '{{ $value | printf "%.1f" }}',
};

export function formatValue(format: ValueFormat, value: number): string {
  switch (format) {
    case 'percent':
      return percentText(value);
    case 'seconds':
      return humanizeDuration(value);
    case 'number':
      return humanize(value);
    case 'days':
    case 'hours':
      return value.toFixed(1);
  }
}

/** A ratio as humanizePercentage writes it, and as people write thresholds: 0.05 -> "5%". */
export function percentText(ratio: number): string {
  return `${fourSignificantDigits(ratio * 100)}%`;
}

/** Go's %.4g for the values used here (no exponent notation). */
export function fourSignificantDigits(value: number): string {
  return String(Number(value.toPrecision(4)));
}

/** Prometheus' humanize: SI prefixes, four significant digits. */
export function humanize(value: number): string {
  if (value === 0 || Math.abs(value) >= 1) {
    const prefixes = ['', 'k', 'M', 'G', 'T', 'P'];
    let index = 0;
    while (Math.abs(value) >= 1000 && index < prefixes.length - 1) {
      value /= 1000;
      index++;
    }
    return `${fourSignificantDigits(value)}${prefixes[index]}`;
  }
  const prefixes = ['', 'm', 'u', 'n'];
  let index = 0;
  while (Math.abs(value) < 1 && index < prefixes.length - 1) {
    value *= 1000;
    index++;
  }
  return `${fourSignificantDigits(value)}${prefixes[index]}`;
}

/** Prometheus' humanizeDuration below a minute; longer values switch to "1m 5s" and are not mirrored. */
function humanizeDuration(seconds: number): string {
  if (seconds >= 1 && seconds < 60) return `${fourSignificantDigits(seconds)}s`;
  if (seconds < 1) return `${fourSignificantDigits(seconds * 1000)}ms`;
  throw new Error(`humanizeDuration of ${seconds}s is not mirrored here: pick a test value under a minute`);
}
