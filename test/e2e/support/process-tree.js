// The processes a process started, and their own, read from Linux's /proc: what the stack's
// test expects to be gone once `npm run stack` has stopped. A zombie (exited, not yet reaped:
// in a container without an init, orphans can stay so) counts as gone.
import { readdirSync, readFileSync } from 'node:fs';

/** pid -> { ppid, state } for every process, or nothing for one that ended while being read. */
function processTable() {
  const table = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // `pid (command) state ppid ...`; the command may hold spaces and parentheses.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), { ppid: Number(ppid), state });
    } catch {
      // ended meanwhile
    }
  }
  return table;
}

/** Every living descendant of `rootPid`, children first. */
export function descendantsOf(rootPid) {
  const table = processTable();
  const found = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const [pid, { ppid, state }] of table) {
      if (ppid !== parent) continue;
      queue.push(pid);
      if (state !== 'Z') found.push(pid);
    }
  }
  return found;
}

/** Whether the process still runs (not ended, not a zombie). */
export function isRunning(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
  } catch {
    return false;
  }
}
