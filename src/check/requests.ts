// HTTP requests of the setup check: each with a timeout, polled until its answer shows, and
// failures said in words.
const REQUEST_TIMEOUT_MS = 5_000;
const POLL_MS = 1_000;

export async function request(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
}

const causeCode = (error: unknown) => (error as { cause?: { code?: string } })?.cause?.code;

/** Why a request failed: refused, not found, timed out, or the error's own message. */
export function reason(error: unknown): string {
  const code = causeCode(error);
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if ((error as Error)?.name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  return (error as Error)?.message ?? String(error);
}

/** Nothing listens there: a stack without that part, as opposed to a part that misbehaves. */
export const isUnreachable = (error: unknown) => ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(causeCode(error) ?? '');

/** Tries until `attempt` gives something or the time is up. Errors propagate: the caller says what they mean. */
export async function poll<T>(timeoutMs: number, attempt: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await attempt();
    if (found !== undefined) return found;
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
