// Merges several processes' Prometheus text expositions into one valid page: each metric
// family keeps one HELP and TYPE line, and every sample gets a `worker` label so the same
// series from two processes stays distinct.

interface Family {
  readonly metadata: string[];
  readonly samples: string[];
}

export function mergeExpositions(parts: readonly { worker: string; text: string }[]): string {
  const families = new Map<string, Family>();
  for (const { worker, text } of parts) {
    let current: Family | undefined;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const metadata = /^# (HELP|TYPE) (\S+)/.exec(line);
      if (metadata) {
        const name = metadata[2]!;
        current = families.get(name);
        if (!current) {
          current = { metadata: [], samples: [] };
          families.set(name, current);
        }
        if (!current.metadata.some((existing) => existing.startsWith(`# ${metadata[1]} `))) current.metadata.push(line);
        continue;
      }
      if (line.startsWith('#')) continue;
      const labelled = withWorkerLabel(line, worker);
      if (current) current.samples.push(labelled);
      else families.set(`untyped:${labelled}`, { metadata: [], samples: [labelled] });
    }
  }
  const lines: string[] = [];
  for (const family of families.values()) lines.push(...family.metadata, ...family.samples);
  return `${lines.join('\n')}\n`;
}

/** `name{a="b"} 1` -> `name{worker="2",a="b"} 1`; `name 1` -> `name{worker="2"} 1`. */
export function withWorkerLabel(sample: string, worker: string): string {
  const label = `worker="${worker}"`;
  const brace = sample.indexOf('{');
  const space = sample.indexOf(' ');
  if (brace !== -1 && (space === -1 || brace < space)) {
    const empty = sample[brace + 1] === '}';
    return `${sample.slice(0, brace + 1)}${label}${empty ? '' : ','}${sample.slice(brace + 1)}`;
  }
  return space === -1 ? sample : `${sample.slice(0, space)}{${label}}${sample.slice(space)}`;
}
