// The one factor every timing limit in the tests is multiplied by: TEST_TIME_SCALE (default 1;
// e.g. 3 on a slow or busy machine). A limit a test asserts bounds behaviour (a request that
// waited on a hanging export would take the whole 10 s timeout; a flush that hung would take
// its bound), it is never a benchmark: speed is measured by `npm run bench`.
const raw = Number(process.env.TEST_TIME_SCALE ?? '1');
export const TIME_SCALE = Number.isFinite(raw) && raw >= 1 ? raw : 1;

/** A limit in milliseconds, scaled. */
export const scaled = (milliseconds) => milliseconds * TIME_SCALE;

/** Polls `condition` until it returns something truthy, at most `timeoutMs` (scaled). */
export async function eventually(condition, what, timeoutMs = 5_000) {
  const deadline = Date.now() + scaled(timeoutMs);
  for (;;) {
    const result = await condition();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
