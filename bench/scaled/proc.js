// What the capacity benchmark reads from /proc: a process's CPU seconds (user + system) and
// resident memory, and the whole machine's busy CPU seconds, so a window's figures can say
// how much of the machine something else (another test run, the kernel) took meanwhile.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// Clock ticks per second of the times in /proc (USER_HZ); 100 nearly everywhere, asked anyway.
export const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU seconds a process has used so far, user and system, all threads. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Resident memory in MiB (VmRSS). */
export function rssMiB(pid) {
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
}

/** CPU seconds the whole machine has been busy (every state but idle and iowait), all cores. */
export function machineBusySeconds() {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = ticks;
  return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS;
}

/**
 * A measuring window over named processes: `end()` returns each one's CPU seconds in the
 * window, the window's length, and the machine's busy seconds that none of them (nor this
 * process, counted as `self`) account for.
 */
export function cpuWindow(pids) {
  const startedAt = performance.now();
  const self = process.cpuUsage();
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const machineBefore = machineBusySeconds();
  return {
    end() {
      const seconds = (performance.now() - startedAt) / 1000;
      const used = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid) - before[name]]));
      const { user, system } = process.cpuUsage(self);
      used.self = (user + system) / 1e6;
      const ours = Object.values(used).reduce((total, value) => total + value, 0);
      return { seconds, cpuSeconds: used, otherCpuSeconds: Math.max(0, machineBusySeconds() - machineBefore - ours) };
    },
  };
}
