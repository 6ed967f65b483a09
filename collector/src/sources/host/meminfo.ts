import type { CollectedSample } from '../source.js';
import { readProcFile, sample, type HostArea } from './host-context.js';

/**
 * Parses /proc/meminfo the way node_exporter names it: `Active(anon):  1536 kB` becomes
 * `node_memory_Active_anon_bytes` = 1536 * 1024; a line without unit (`HugePages_Total:  0`) keeps no suffix.
 */
export function parseMeminfo(text: string, ts: number): CollectedSample[] {
  const out: CollectedSample[] = [];
  for (const line of text.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 2 || !parts[0].endsWith(':')) continue;
    const key = parts[0].slice(0, -1).replace(/\((.*)\)/, '_$1');
    let value = Number(parts[1]);
    if (!Number.isFinite(value)) continue;
    let name = `node_memory_${key}`;
    if (parts.length === 3) {
      // The kernel writes "kB" and means KiB.
      value *= 1024;
      name += '_bytes';
    }
    out.push(sample(name, {}, value, ts));
  }
  return out;
}

export const meminfoArea: HostArea = {
  name: 'meminfo',
  read: async (ctx, now) => parseMeminfo(await readProcFile(ctx, 'meminfo'), now),
};
