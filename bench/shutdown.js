// Prints the README's shutdown table: each way an app ends, run bare and under the preload,
// with how it ended, how long after the signal (or the request) it took, and whether the last
// request's span and log line reached a collector. The same runs as
// test/preload/shutdown-matrix.test.js, which asserts them. Run: npm run bench:shutdown
import { startReceiver } from '../test/support/otlp-receiver.js';
import { endingOf, runShutdownCase, SHUTDOWN_CASES } from '../test/support/shutdown-cases.js';

const rows = ['| app ends by | bare: ending | bare: time | preload: ending | preload: time | cleanup as bare | last span and log line exported |', '|---|---|---|---|---|---|---|'];
for (const testCase of SHUTDOWN_CASES) {
  const bare = await runShutdownCase(testCase);
  const receiver = await startReceiver();
  const ours = await runShutdownCase(testCase, receiver);
  await receiver.close();
  const sameCleanup = JSON.stringify(bare.cleanups) === JSON.stringify(ours.cleanups);
  rows.push(`| ${testCase.title} | ${endingOf(bare)} | ${bare.elapsedMs} ms | ${endingOf(ours)} | ${ours.elapsedMs} ms | ${sameCleanup ? 'yes' : 'no'} | ${ours.span && ours.line ? 'yes' : 'no'} |`);
}
console.log(`Node ${process.version}\n\n${rows.join('\n')}`);
