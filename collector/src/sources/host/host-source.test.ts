import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '../../../test/capture-logger.js';
import { CONFIG_DEFAULTS } from '../../config/config-defaults.js';
import { createFilesystemArea } from './filesystem.js';
import { HostSource } from './host-source.js';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('HostSource', () => {
  it('logs an unreadable area once, still returns the others, and logs its recovery', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fake-proc-'));
    writeFileSync(join(dir, 'loadavg'), '1.00 2.00 3.00 1/1 1\n');
    const { logger, lines } = captureLogger();
    const source = new HostSource({ ...CONFIG_DEFAULTS.host, procPath: dir }, logger);
    for (let i = 0; i < 3; i++) {
      const out = await source.collect(1000);
      expect(out.filter((s) => s.name.startsWith('node_load')).map((s) => s.value)).toEqual([1, 2, 3]);
      expect(out.some((s) => s.name === 'node_time_seconds')).toBe(true);
    }
    const warned = lines.filter((l) => l.msg.startsWith('host area unreadable'));
    expect(warned.map((l) => l.area).sort()).toEqual(['diskstats', 'filesystem', 'meminfo', 'netdev', 'stat', 'uname']);
    expect(String(warned.find((l) => l.area === 'meminfo')?.reason)).toMatch(/ENOENT/);

    writeFileSync(join(dir, 'meminfo'), 'MemTotal: 1 kB\n');
    const out = await source.collect(2000);
    expect(out.find((s) => s.name === 'node_memory_MemTotal_bytes')?.value).toBe(1024);
    expect(lines.filter((l) => l.msg === 'host area readable again').map((l) => l.area)).toEqual(['meminfo']);
  });

  it('adds the configured target labels (job, instance) to every host sample, keeping the area labels', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fake-proc-'));
    writeFileSync(join(dir, 'loadavg'), '1.00 2.00 3.00 1/1 1\n');
    writeFileSync(join(dir, 'meminfo'), 'MemTotal: 1 kB\n');
    const { logger } = captureLogger();
    const source = new HostSource({ ...CONFIG_DEFAULTS.host, procPath: dir, labels: { job: 'node', instance: 'web-1' } }, logger);
    const out = await source.collect(1000);
    expect(out.find((s) => s.name === 'node_load1')?.labels).toEqual({ job: 'node', instance: 'web-1' });
    expect(out.every((s) => s.labels.job === 'node' && s.labels.instance === 'web-1')).toBe(true);
  });

  it('reports a mount whose statfs hangs as device_error 1 and skips it until the call returns', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fake-proc-'));
    mkdirSync(join(dir, '1'));
    writeFileSync(join(dir, '1', 'mounts'), '/dev/ok / ext4 rw 0 0\nnfs:/x /nfs nfs4 rw 0 0\n');
    let hung = 0;
    const area = createFilesystemArea({
      statfsTimeoutMs: 20,
      statfs: (path) => {
        if (path === '/nfs') {
          hung++;
          return new Promise(() => {}); // a dead NFS server
        }
        return Promise.resolve({ bsize: 1, blocks: 10, bfree: 5, bavail: 4, files: 3, ffree: 2 });
      },
    });
    const ctx = {
      procPath: dir,
      sysPath: '/sys',
      rootfsPath: '/',
      ignoredMountPoints: /^$/,
      ignoredFsTypes: /^$/,
      ignoredNetDevices: /^$/,
      ignoredDiskDevices: /^$/,
    };
    for (let i = 0; i < 3; i++) {
      const out = await area.read(ctx, 0);
      const errs = Object.fromEntries(out.filter((s) => s.name === 'node_filesystem_device_error').map((s) => [s.labels.mountpoint, s.value]));
      expect(errs).toEqual({ '/': 0, '/nfs': 1 });
      expect(out.find((s) => s.name === 'node_filesystem_size_bytes' && s.labels.mountpoint === '/')?.value).toBe(10);
    }
    expect(hung).toBe(1);
  });
});
