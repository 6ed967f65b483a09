import type { CollectedSample } from '../source.js';
import { readProcFile, sample, type HostArea } from './host-context.js';

/** Columns of /proc/net/dev we export, by index after the device name (receive 0-7, transmit 8-15). */
const COLUMNS: ReadonlyArray<readonly [number, string]> = [
  [0, 'node_network_receive_bytes_total'],
  [1, 'node_network_receive_packets_total'],
  [2, 'node_network_receive_errs_total'],
  [3, 'node_network_receive_drop_total'],
  [8, 'node_network_transmit_bytes_total'],
  [9, 'node_network_transmit_packets_total'],
  [10, 'node_network_transmit_errs_total'],
  [11, 'node_network_transmit_drop_total'],
];

/** Parses /proc/net/dev into `node_network_{receive,transmit}_{bytes,packets,errs,drop}_total{device}`. */
export function parseNetDev(text: string, ts: number, ignored: RegExp): CollectedSample[] {
  const out: CollectedSample[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.includes('|')) continue;
    const device = line.slice(0, colon).trim();
    if (device === '' || ignored.test(device)) continue;
    const f = line.slice(colon + 1).trim().split(/\s+/);
    if (f.length < 16) continue;
    for (const [i, name] of COLUMNS) out.push(sample(name, { device }, Number(f[i]), ts));
  }
  return out;
}

export const netdevArea: HostArea = {
  name: 'netdev',
  read: async (ctx, now) => parseNetDev(await readProcFile(ctx, 'net', 'dev'), now, ctx.ignoredNetDevices),
};
