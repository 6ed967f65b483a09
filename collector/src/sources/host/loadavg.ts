import type { CollectedSample } from '../source.js';
import { readProcFile, sample, type HostArea } from './host-context.js';

/** Parses /proc/loadavg into `node_load1`, `node_load5`, `node_load15`. */
export function parseLoadavg(text: string, ts: number): CollectedSample[] {
  const f = text.trim().split(/\s+/);
  if (f.length < 3) throw new Error(`unexpected /proc/loadavg content: "${text.trim()}"`);
  return [
    sample('node_load1', {}, Number(f[0]), ts),
    sample('node_load5', {}, Number(f[1]), ts),
    sample('node_load15', {}, Number(f[2]), ts),
  ];
}

export const loadavgArea: HostArea = {
  name: 'loadavg',
  read: async (ctx, now) => parseLoadavg(await readProcFile(ctx, 'loadavg'), now),
};
