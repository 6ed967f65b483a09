import { statfs as fsStatfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { CollectedSample } from '../source.js';
import { readProcFile, sample, type HostArea, type HostContext } from './host-context.js';

export interface MountEntry {
  readonly device: string;
  readonly mountpoint: string;
  readonly fstype: string;
  readonly options: readonly string[];
}

/** The fields of statfs(2) node_exporter uses. */
export interface FsStats {
  readonly bsize: number;
  readonly blocks: number;
  readonly bfree: number;
  readonly bavail: number;
  readonly files: number;
  readonly ffree: number;
}

/** Parses /proc/mounts lines; octal escapes of spaces and tabs in paths are undone like node_exporter does. */
export function parseMounts(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4) continue;
    const unescape = (s: string): string => s.replaceAll('\\040', ' ').replaceAll('\\011', '\t');
    out.push({ device: unescape(f[0]), mountpoint: unescape(f[1]), fstype: f[2], options: f[3].split(',') });
  }
  return out;
}

/** Mounts node_exporter would report: not excluded by mount point or type, first of identical label sets. */
export function selectMounts(mounts: readonly MountEntry[], ignoredMountPoints: RegExp, ignoredFsTypes: RegExp): MountEntry[] {
  const seen = new Set<string>();
  const out: MountEntry[] = [];
  for (const m of mounts) {
    if (ignoredMountPoints.test(m.mountpoint) || ignoredFsTypes.test(m.fstype)) continue;
    const key = `${m.device}\u0000${m.mountpoint}\u0000${m.fstype}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(m);
  }
  return out;
}

export function filesystemSamples(m: MountEntry, st: FsStats | undefined, ts: number): CollectedSample[] {
  const labels = { device: m.device, fstype: m.fstype, mountpoint: m.mountpoint };
  if (st === undefined) return [sample('node_filesystem_device_error', labels, 1, ts)];
  return [
    sample('node_filesystem_device_error', labels, 0, ts),
    sample('node_filesystem_size_bytes', labels, st.blocks * st.bsize, ts),
    sample('node_filesystem_free_bytes', labels, st.bfree * st.bsize, ts),
    sample('node_filesystem_avail_bytes', labels, st.bavail * st.bsize, ts),
    sample('node_filesystem_files', labels, st.files, ts),
    sample('node_filesystem_files_free', labels, st.ffree, ts),
    sample('node_filesystem_readonly', labels, m.options.includes('ro') ? 1 : 0, ts),
  ];
}

export interface FilesystemAreaOptions {
  /** A statfs that has not answered after this long marks the mount stuck (skipped until it answers). */
  readonly statfsTimeoutMs?: number;
  readonly statfs?: (path: string) => Promise<FsStats>;
}

/**
 * `node_filesystem_{size,free,avail}_bytes`, `..._files`, `..._files_free`, `..._readonly`, `..._device_error`
 * `{device,fstype,mountpoint}` from /proc/1/mounts (else /proc/mounts) and statfs(2) under rootfsPath.
 * Like node_exporter, a mount whose statfs hangs (dead NFS server) is skipped until the call returns, so
 * it never blocks the collection nor piles up calls.
 */
export function createFilesystemArea(options: FilesystemAreaOptions = {}): HostArea {
  const timeoutMs = options.statfsTimeoutMs ?? 5000;
  const statfs = options.statfs ?? ((path: string): Promise<FsStats> => fsStatfs(path));
  const stuck = new Set<string>();

  const statWithTimeout = (path: string): Promise<FsStats | undefined> => {
    if (stuck.has(path)) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        stuck.add(path);
        resolve(undefined);
      }, timeoutMs);
      statfs(path).then(
        (st) => {
          clearTimeout(timer);
          if (timedOut) stuck.delete(path);
          else resolve(st);
        },
        () => {
          clearTimeout(timer);
          if (timedOut) stuck.delete(path);
          else resolve(undefined);
        },
      );
    });
  };

  return {
    name: 'filesystem',
    read: async (ctx: HostContext, now: number) => {
      let text: string;
      try {
        text = await readProcFile(ctx, '1', 'mounts');
      } catch {
        text = await readProcFile(ctx, 'mounts');
      }
      const mounts = selectMounts(parseMounts(text), ctx.ignoredMountPoints, ctx.ignoredFsTypes);
      const stats = await Promise.all(mounts.map((m) => statWithTimeout(join(ctx.rootfsPath, m.mountpoint))));
      return mounts.flatMap((m, i) => filesystemSamples(m, stats[i], now));
    },
  };
}
