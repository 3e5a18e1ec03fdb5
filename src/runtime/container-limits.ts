// The CPU and memory limits the container runtime set on this process, from its cgroup: the
// plan a service pays for, which the CPU and memory alerts measure against. cgroup v2
// (cpu.max, memory.max) is what Docker, Kubernetes and systemd write today; cgroup v1
// (cpu.cfs_quota_us, memory.limit_in_bytes) is still read on older hosts. "No limit" is the
// answer wherever the files are missing, unreadable or say "max": the alerts then fall back to
// one core and their fixed memory threshold. Read at collection time, so a limit changed
// while the process runs (a vertical autoscaler) shows at the next export.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Above this, a v1 memory limit means "unlimited" (the kernel's page-rounded LONG_MAX). */
const UNLIMITED_V1_BYTES = 2 ** 60;

export interface ContainerLimits {
  /** CPU quota in cores (quota / period); undefined when none is set. */
  readonly cpuCores: number | undefined;
  /** Memory limit in bytes; undefined when none is set. */
  readonly memoryBytes: number | undefined;
}

/** Where the limit files of this process are. */
export interface CgroupFiles {
  readonly cpuMax?: string;
  readonly cpuQuotaV1?: string;
  readonly cpuPeriodV1?: string;
  readonly memoryMax?: string;
  readonly memoryLimitV1?: string;
}

/**
 * The files of the process's cgroup: under `directory` when given (cgroup v2 layout), else
 * found from /proc/self/cgroup under /sys/fs/cgroup, v2 first.
 */
export function cgroupFiles(directory: string | undefined, procSelfCgroup = '/proc/self/cgroup', root = '/sys/fs/cgroup'): CgroupFiles {
  if (directory !== undefined) return { cpuMax: join(directory, 'cpu.max'), memoryMax: join(directory, 'memory.max') };
  const lines = readText(procSelfCgroup)?.split('\n') ?? [];
  const paths = new Map<string, string>();
  for (const line of lines) {
    // hierarchy-id:controllers:path; v2 has the empty controller list "0::/path".
    const match = /^\d+:([^:]*):(.*)$/.exec(line.trim());
    if (match) for (const controller of match[1]!.split(',')) paths.set(controller, match[2]!);
  }
  const unified = paths.get('');
  const files: Record<string, string> = {};
  if (unified !== undefined) {
    files.cpuMax = join(root, unified, 'cpu.max');
    files.memoryMax = join(root, unified, 'memory.max');
  }
  const cpuV1 = paths.get('cpu');
  if (cpuV1 !== undefined) {
    files.cpuQuotaV1 = join(root, 'cpu', cpuV1, 'cpu.cfs_quota_us');
    files.cpuPeriodV1 = join(root, 'cpu', cpuV1, 'cpu.cfs_period_us');
  }
  const memoryV1 = paths.get('memory');
  if (memoryV1 !== undefined) files.memoryLimitV1 = join(root, 'memory', memoryV1, 'memory.limit_in_bytes');
  return files;
}

export function readContainerLimits(files: CgroupFiles): ContainerLimits {
  return {
    cpuCores: parseCpuMax(readText(files.cpuMax)) ?? parseCpuQuotaV1(readText(files.cpuQuotaV1), readText(files.cpuPeriodV1)),
    memoryBytes: parseMemoryMax(readText(files.memoryMax)) ?? parseMemoryLimitV1(readText(files.memoryLimitV1)),
  };
}

/** cgroup v2 cpu.max: "<quota> <period>" in microseconds, or "max <period>" for none. */
export function parseCpuMax(text: string | undefined): number | undefined {
  const [quota, period = '100000'] = text?.trim().split(/\s+/) ?? [];
  return coresOf(quota, period);
}

/** cgroup v1: cpu.cfs_quota_us is -1 for none. */
export function parseCpuQuotaV1(quota: string | undefined, period: string | undefined): number | undefined {
  return coresOf(quota?.trim(), period?.trim() ?? '100000');
}

/** cgroup v2 memory.max: bytes, or "max" for none. */
export function parseMemoryMax(text: string | undefined): number | undefined {
  const value = text?.trim();
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  const bytes = Number(value);
  return bytes > 0 ? bytes : undefined;
}

/** cgroup v1 memory.limit_in_bytes: a huge number for none. */
export function parseMemoryLimitV1(text: string | undefined): number | undefined {
  const bytes = parseMemoryMax(text);
  return bytes !== undefined && bytes < UNLIMITED_V1_BYTES ? bytes : undefined;
}

function coresOf(quota: string | undefined, period: string): number | undefined {
  if (quota === undefined || !/^\d+$/.test(quota) || !/^\d+$/.test(period)) return undefined;
  const cores = Number(quota) / Number(period);
  return Number.isFinite(cores) && cores > 0 ? cores : undefined;
}

function readText(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
