// The README's benchmark table, from bench/results.json (the last `npm run bench`), so the
// figures people read are the ones the committed results file holds. test/bench-table.test.js
// fails when the README's copy differs; regenerate with `node bench/table.js`.
import { readFileSync } from 'node:fs';

const VARIANTS = [['bare', 'bare Node'], ['ours', 'this preload (protobuf)'], ['ours-json', 'this preload (JSON)'], ['register', 'stock `register`'], ['bare-busy', 'bare Node + {busy} µs of work per request (calibration)']];
const grouped = (value) => Math.round(value).toLocaleString('en-US');
const signed = (value, unit) => `${value >= 0 ? '+' : ''}${Math.round(value)} ${unit}`;

export function benchmarkTable(results) {
  const { environment, config } = results;
  const busyUs = results.variants?.find((variant) => variant.name === 'bare-busy')?.busyUs;
  const mainThread = (s) => {
    if (s.mainCpuUsPerRequest == null) return 'n/a';
    const kernel = s.mainKernelCpuUsPerRequest == null ? '' : ` (${s.mainKernelCpuUsPerRequest.toFixed(1)} in the kernel)`;
    return `${s.mainCpuUsPerRequest.toFixed(1)} µs${kernel}`;
  };
  const rows = [
    `Measured on \`${environment.machine}\` (${environment.cpus} × ${environment.cpuModel}, ${environment.memoryGiB} GiB, ${environment.kernel}), Node ${environment.node}, ${config.rounds} rounds of ${config.seconds} s, medians; ${results.date.slice(0, 10)}.`,
    '',
    '| route | variant | req/s | p99 | RSS after load | start-up | main thread per request |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const route of config.routes) {
    const bare = results.summary[route].bare;
    for (const [name, label] of VARIANTS) {
      const s = results.summary[route][name];
      if (!s) continue;
      const versus = name === 'bare' ? null : results.summary[route].bare;
      const ratio = (value, base, digits = 2) => (versus ? ` (${(value / base).toFixed(digits)}x)` : '');
      rows.push(`| \`${route}\` | ${label.replace('{busy}', String(busyUs))} | ${grouped(s.reqPerSec)}${ratio(s.reqPerSec, bare.reqPerSec)} | ${s.p99Ms} ms | ${Math.round(s.rssMb)} MB${versus ? ` (${signed(s.rssMb - bare.rssMb, 'MB')})` : ''} | ${Math.round(s.startupMs)} ms${versus ? ` (${signed(s.startupMs - bare.startupMs, 'ms')})` : ''} | ${mainThread(s)} |`);
    }
  }
  const versusRegister = config.routes
    .filter((route) => results.summary[route].register && results.summary[route].ours)
    .map((route) => {
      const { ours, register } = results.summary[route];
      return `\`${route}\` ${(ours.reqPerSec / register.reqPerSec).toFixed(2)}x the requests a second, ${signed(ours.rssMb - register.rssMb, 'MB')} RSS, ${signed(ours.startupMs - register.startupMs, 'ms')} start-up`;
    });
  if (versusRegister.length > 0) rows.push('', `This preload (protobuf) against the stock \`register\`: ${versusRegister.join('; ')}.`);
  return rows.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${benchmarkTable(JSON.parse(readFileSync(new URL('./results.json', import.meta.url), 'utf8')))}\n`);
}
