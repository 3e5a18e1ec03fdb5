// The one factor every time limit of the tests and of the local stack is multiplied by:
// TIME_SCALE from the environment (a positive number, 1 by default), read here and nowhere
// else. A slow or busy machine (a loaded CI runner, an emulated CPU) sets TIME_SCALE=3 and
// every start-up wait, stop grace period and polling deadline grows alike. A limit a test
// asserts bounds behaviour (a request that waited on a hanging export would take the whole
// 10 s timeout; a flush that hung would take its bound); it is never a benchmark: speed is
// measured by `npm run bench`.
const raw = process.env.TIME_SCALE;
const parsed = raw === undefined || raw === '' ? 1 : Number(raw);
if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`TIME_SCALE=${JSON.stringify(raw)} is not a positive number`);

export const TIME_SCALE = parsed;

/** A time limit in milliseconds, stretched by TIME_SCALE. */
export const scaled = (milliseconds) => Math.round(milliseconds * TIME_SCALE);

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
