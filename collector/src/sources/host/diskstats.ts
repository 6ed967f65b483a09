import type { CollectedSample } from '../source.js';
import { readProcFile, sample, type HostArea } from './host-context.js';

/** node_exporter converts sector counts with a fixed 512-byte sector, whatever the device's block size. */
const SECTOR_BYTES = 512;

/**
 * Parses /proc/diskstats (fields per Documentation/admin-guide/iostats.rst) into node_exporter's
 * `node_disk_*{device}` counters, skipping devices that match `ignored` (partitions, loop and ram devices
 * by default, as node_exporter does).
 */
export function parseDiskstats(text: string, ts: number, ignored: RegExp): CollectedSample[] {
  const out: CollectedSample[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 14) continue;
    const device = f[2];
    if (ignored.test(device)) continue;
    const n = (i: number): number => Number(f[i]);
    const labels = { device };
    out.push(
      sample('node_disk_reads_completed_total', labels, n(3), ts),
      sample('node_disk_reads_merged_total', labels, n(4), ts),
      sample('node_disk_read_bytes_total', labels, n(5) * SECTOR_BYTES, ts),
      sample('node_disk_read_time_seconds_total', labels, n(6) / 1000, ts),
      sample('node_disk_writes_completed_total', labels, n(7), ts),
      sample('node_disk_writes_merged_total', labels, n(8), ts),
      sample('node_disk_written_bytes_total', labels, n(9) * SECTOR_BYTES, ts),
      sample('node_disk_write_time_seconds_total', labels, n(10) / 1000, ts),
      sample('node_disk_io_now', labels, n(11), ts),
      sample('node_disk_io_time_seconds_total', labels, n(12) / 1000, ts),
      sample('node_disk_io_time_weighted_seconds_total', labels, n(13) / 1000, ts),
    );
  }
  return out;
}

export const diskstatsArea: HostArea = {
  name: 'diskstats',
  read: async (ctx, now) => parseDiskstats(await readProcFile(ctx, 'diskstats'), now, ctx.ignoredDiskDevices),
};
