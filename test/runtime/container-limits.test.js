// The container's limits and network bytes as the preload reads them: from cgroup and /proc
// files written here (this machine's own cgroup may set no limit at all), the parsers alone,
// and one app under the preload whose Prometheus endpoint shows the series.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  cgroupFiles,
  parseCpuMax,
  parseCpuQuotaV1,
  parseMemoryLimitV1,
  parseMemoryMax,
  readContainerLimits,
} from '../../dist/runtime/container-limits.js';
import { readNetworkTotals } from '../../dist/runtime/process-metrics.js';
import { freePort, startApp } from '../support/app-process.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'cgroup-'));
const write = (directory, name, text) => {
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, name), text);
};

test('cgroup v2 cpu.max and memory.max: a quota in cores, a limit in bytes, none for "max" or nonsense', () => {
  assert.equal(parseCpuMax('50000 100000\n'), 0.5);
  assert.equal(parseCpuMax('200000 100000'), 2);
  assert.equal(parseCpuMax('max 100000\n'), undefined);
  assert.equal(parseCpuMax('150000'), 1.5, 'the period defaults to the kernel default, 100 ms');
  assert.equal(parseCpuMax('0 100000'), undefined);
  assert.equal(parseCpuMax('-1 100000'), undefined);
  assert.equal(parseCpuMax(''), undefined);
  assert.equal(parseCpuMax(undefined), undefined);
  assert.equal(parseMemoryMax('536870912\n'), 536870912);
  assert.equal(parseMemoryMax('max\n'), undefined);
  assert.equal(parseMemoryMax('12MB'), undefined);
  assert.equal(parseMemoryMax('0'), undefined);
});

test('cgroup v1: cfs quota -1 and the kernel\'s page-rounded maximum mean no limit', () => {
  assert.equal(parseCpuQuotaV1('25000\n', '100000\n'), 0.25);
  assert.equal(parseCpuQuotaV1('-1\n', '100000\n'), undefined);
  assert.equal(parseCpuQuotaV1('25000', undefined), 0.25);
  assert.equal(parseMemoryLimitV1('268435456\n'), 268435456);
  assert.equal(parseMemoryLimitV1('9223372036854771712\n'), undefined);
});

test('the process\'s cgroup is found from /proc/self/cgroup: v2 first, v1 controllers as a fallback', () => {
  const root = scratch();
  const unified = join(root, 'system.slice', 'shop.service');
  write(unified, 'cpu.max', '50000 100000\n');
  write(unified, 'memory.max', '1073741824\n');
  const proc = join(root, 'cgroup-v2');
  writeFileSync(proc, '0::/system.slice/shop.service\n');
  assert.deepEqual(readContainerLimits(cgroupFiles(undefined, proc, root)), { cpuCores: 0.5, memoryBytes: 1073741824 });

  // A cgroup v1 host (hybrid: the unified hierarchy exists but sets nothing).
  const hybrid = join(root, 'cgroup-v1');
  writeFileSync(hybrid, '12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n0::/\n');
  write(join(root, 'memory', 'docker', 'abc'), 'memory.limit_in_bytes', '268435456\n');
  write(join(root, 'cpu', 'docker', 'abc'), 'cpu.cfs_quota_us', '150000\n');
  write(join(root, 'cpu', 'docker', 'abc'), 'cpu.cfs_period_us', '100000\n');
  write(root, 'cpu.max', 'max 100000\n');
  write(root, 'memory.max', 'max\n');
  assert.deepEqual(readContainerLimits(cgroupFiles(undefined, hybrid, root)), { cpuCores: 1.5, memoryBytes: 268435456 });

  // Nothing readable: no limits, no error.
  assert.deepEqual(readContainerLimits(cgroupFiles(undefined, join(root, 'absent'), root)), { cpuCores: undefined, memoryBytes: undefined });
  assert.deepEqual(readContainerLimits(cgroupFiles(join(root, 'absent'))), { cpuCores: undefined, memoryBytes: undefined });
});

test('/proc/net/dev: bytes received and sent summed over the interfaces, loopback left out', () => {
  const file = join(scratch(), 'dev');
  writeFileSync(file, [
    'Inter-|   Receive                                                |  Transmit',
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
    '    lo: 9999999    1000    0    0    0     0          0         0  9999999    1000    0    0    0     0       0          0',
    '  eth0: 1000      10      0    0    0     0          0         0  2000       20      0    0    0     0       0          0',
    '  eth1:   500       5      0    0    0     0          0         0   700        7      0    0    0     0       0          0',
    '',
  ].join('\n'));
  assert.deepEqual(readNetworkTotals(file), { received: 1500, transmitted: 2700 });
  assert.equal(readNetworkTotals(join(scratch(), 'missing')), undefined);
});

test('an app under the preload reports its container\'s limits and network bytes; without limits, no limit series', async () => {
  const limited = scratch();
  write(limited, 'cpu.max', '50000 100000\n');
  write(limited, 'memory.max', '536870912\n');
  const unlimited = scratch();
  write(unlimited, 'cpu.max', 'max 100000\n');
  write(unlimited, 'memory.max', 'max\n');
  for (const [directory, expectLimits] of [[limited, true], [unlimited, false]]) {
    const port = await freePort();
    const app = await startApp('test/fixtures/probe-app.mjs', {
      env: { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1', OTEL_EXPORTER_PROMETHEUS_PORT: String(port), OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', OBS_CGROUP_DIR: directory },
    });
    try {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      // The pull endpoint adds no unit suffix (the OTLP path to Prometheus adds `_bytes`).
      const value = (name) => Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1]);
      if (expectLimits) {
        assert.equal(value('container_cpu_limit'), 0.5, text);
        assert.equal(value('container_memory_limit'), 536870912);
      } else {
        assert.doesNotMatch(text, /^container_(cpu|memory)_limit/m);
      }
      assert.match(text, /^system_network_io_total\{[^}]*network_io_direction="receive"[^}]*\} \d+/m);
      assert.match(text, /^system_network_io_total\{[^}]*network_io_direction="transmit"[^}]*\} \d+/m);
    } finally {
      await app.stop();
    }
  }
});
