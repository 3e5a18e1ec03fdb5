// Prometheus durations as thresholds.json writes them ("5m", "1h"), read back as numbers
// or words for the rules' texts and the promtool test timings.
const SECONDS_PER_UNIT = { m: 60, h: 3600, d: 86400 } as const;

function parse(duration: string): { amount: number; unit: keyof typeof SECONDS_PER_UNIT } {
  const match = /^(\d+)([mhd])$/.exec(duration);
  if (!match) throw new Error(`durations here are whole minutes, hours or days ("5m", "6h", "7d"), not "${duration}"`);
  return { amount: Number(match[1]), unit: match[2] as keyof typeof SECONDS_PER_UNIT };
}

export function seconds(duration: string): number {
  const { amount, unit } = parse(duration);
  return amount * SECONDS_PER_UNIT[unit];
}

/** Minutes of a `for:` duration; promtool test times are counted in minutes. */
export function minutes(duration: string): number {
  const { amount, unit } = parse(duration);
  if (unit !== 'm') throw new Error(`a \`for\` is given in minutes here, not "${duration}"`);
  return amount;
}

/** "1h" -> "hour", "6h" -> "6 hours", "30m" -> "30 minutes", "7d" -> "7 days": for "over the last ..." texts. */
export function inWords(duration: string): string {
  const { amount, unit } = parse(duration);
  const word = unit === 'd' ? 'day' : unit === 'h' ? 'hour' : 'minute';
  return amount === 1 ? word : `${amount} ${word}s`;
}
