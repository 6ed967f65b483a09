import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CollectedSample } from '../source.js';

/** What every /proc area reader gets: where /proc, /sys and the root filesystem are, and the filters. */
export interface HostContext {
  readonly procPath: string;
  readonly sysPath: string;
  readonly rootfsPath: string;
  readonly ignoredMountPoints: RegExp;
  readonly ignoredFsTypes: RegExp;
  readonly ignoredNetDevices: RegExp;
  readonly ignoredDiskDevices: RegExp;
}

/** One /proc area (cpu, meminfo, ...): reads its files and returns samples stamped `now`. */
export interface HostArea {
  readonly name: string;
  read(ctx: HostContext, now: number): Promise<CollectedSample[]>;
}

export function readProcFile(ctx: HostContext, ...parts: string[]): Promise<string> {
  return readFile(join(ctx.procPath, ...parts), 'utf8');
}

export function sample(name: string, labels: Record<string, string>, value: number, timestamp: number): CollectedSample {
  return { name, labels, value, timestamp };
}
