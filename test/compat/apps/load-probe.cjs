// For packages no server runs for here: reports whether their instrumentation is loaded before
// and after the app requires the package named in LOAD, and whether the method named by PATCHED
// (`export.path.to.method` of the package, or `file:export.path` of one of its files, which the
// package has loaded by then) was wrapped by it.
'use strict';
const instrumentationsLoaded = () => Object.keys(require.cache)
  .map((path) => /@opentelemetry\/(instrumentation-[a-z0-9.-]+)\//.exec(path)?.[1])
  .filter((name, index, all) => name && all.indexOf(name) === index)
  .sort();

const atStart = instrumentationsLoaded();
const loaded = process.env.LOAD ? require(process.env.LOAD) : undefined;
const [file, path] = (process.env.PATCHED ?? '').includes(':') ? process.env.PATCHED.split(':') : [undefined, process.env.PATCHED ?? ''];
const target = path.split('.').filter(Boolean).reduce((value, key) => value?.[key], file ? require(file) : loaded);
process.stdout.write(`${JSON.stringify({ atStart, afterLoad: instrumentationsLoaded(), wrapped: target?.__wrapped === true })}\n`);
