// The export worker runs at a lower scheduling priority than the application's threads. On a
// busy machine (the small containers our users run, a load test on a laptop) the worker's
// encoding and sending otherwise compete with the event loop for the same cores; lowered, the
// worker uses what the application leaves idle. If it falls behind for long, the ring fills
// and further records are dropped and counted, which is the bound we want: telemetry gives
// way, the application does not.
//
// Linux only: there a thread is a task with its own nice value, and setpriority() on its id
// changes that thread alone. Raising one's own nice value needs no privilege.
import { readlinkSync } from 'node:fs';
import { constants, getPriority, setPriority } from 'node:os';

/** How much lower than the application (nice steps; 10 gives the worker about a tenth of a contended core). */
export const WORKER_NICE_INCREMENT = 10;

/**
 * Lowers the calling thread's priority by WORKER_NICE_INCREMENT; returns the new nice value,
 * or undefined where threads cannot be told apart (not Linux) or the change was refused.
 */
export function lowerThisThreadsPriority(): number | undefined {
  let threadId: number;
  try {
    // `<pid>/task/<tid>` for the calling thread.
    threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(threadId) || threadId <= 0) return undefined;
  try {
    const nice = Math.min(constants.priority.PRIORITY_LOW, getPriority(threadId) + WORKER_NICE_INCREMENT);
    setPriority(threadId, nice);
    return nice;
  } catch {
    return undefined;
  }
}
