// The apps `npm run stack` starts through test/support/app-process.js (the alert inbox, the
// auth service, the demo shop) have all their output collected there, which the tests read
// in full; a stack that runs for days must not grow without end. This keeps the last 20 kB,
// enough to show why an app stopped.
const OUTPUT_KEPT = 20_000;

/** Trims the app's collected output after each chunk (this listener runs after the collecting one). */
export function boundOutput(app) {
  app.child.stdout.on('data', () => { app.stdout = app.stdout.slice(-OUTPUT_KEPT); });
  app.child.stderr.on('data', () => { app.stderr = app.stderr.slice(-OUTPUT_KEPT); });
  return app;
}
