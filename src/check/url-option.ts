// An http(s) address given on the command line (--collector, --prometheus, ...), without its
// trailing slashes; undefined when the value is not one, for the caller's usage error.
export function httpUrlOption(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? value.replace(/\/+$/, '') : undefined;
}
