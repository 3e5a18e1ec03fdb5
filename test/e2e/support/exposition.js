// A component's own metrics, read from its Prometheus endpoint (text exposition format) the
// way the tests need them: each sample as { name, labels, value }, and sums over the samples
// of one metric whose labels match. Collectors, Alertmanager and Thanos all serve this format.

/** Every sample `url` serves, comments left out. */
export async function scrape(url) {
  const text = await (await fetch(url)).text();
  return text.split('\n').filter((line) => line && !line.startsWith('#')).map((line) => {
    const [, name, labelText = '', value] = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    const labels = Object.fromEntries([...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, text]) => [key, text]));
    return { name, labels, value: Number(value) };
  });
}

/** The sum of the samples of metric `name` whose labels include every `labels` pair. */
export function sumOf(samples, name, labels = {}) {
  return samples
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    .reduce((total, sample) => total + sample.value, 0);
}
