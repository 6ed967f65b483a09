import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS } from '../../config/config-defaults.js';
import { parseDiskstats } from './diskstats.js';
import { filesystemSamples, parseMounts, selectMounts } from './filesystem.js';
import { parseLoadavg } from './loadavg.js';
import { parseMeminfo } from './meminfo.js';
import { parseNetDev } from './netdev.js';
import { parseProcStat } from './stat.js';

const TS = 1_700_000_000_000;
const values = (samples: { name: string; labels: Record<string, string>; value: number }[]) =>
  Object.fromEntries(samples.map((s) => [`${s.name}${JSON.stringify(s.labels)}`, s.value]));

describe('/proc parsers (node_exporter names and units)', () => {
  it('/proc/stat: CPU seconds from USER_HZ ticks, and the kernel counters', () => {
    const text = [
      'cpu  10 0 20 30 4 0 1 0 0 0',
      'cpu0 5726 0 1320 573126 33 0 11 5 7 1',
      'intr 123456 0 9 0',
      'ctxt 987654',
      'btime 1795534909',
      'processes 4321',
      'procs_running 3',
      'procs_blocked 1',
    ].join('\n');
    const v = values(parseProcStat(text, TS));
    expect(v['node_cpu_seconds_total{"cpu":"0","mode":"user"}']).toBe(57.26);
    expect(v['node_cpu_seconds_total{"cpu":"0","mode":"idle"}']).toBe(5731.26);
    expect(v['node_cpu_seconds_total{"cpu":"0","mode":"steal"}']).toBe(0.05);
    expect(v['node_cpu_guest_seconds_total{"cpu":"0","mode":"nice"}']).toBe(0.01);
    expect(Object.keys(v).filter((k) => k.startsWith('node_cpu_seconds_total'))).toHaveLength(8); // the "cpu" total line is not a CPU
    expect(v['node_intr_total{}']).toBe(123456);
    expect(v['node_context_switches_total{}']).toBe(987654);
    expect(v['node_boot_time_seconds{}']).toBe(1795534909);
    expect(v['node_forks_total{}']).toBe(4321);
    expect(v['node_procs_running{}']).toBe(3);
    expect(v['node_procs_blocked{}']).toBe(1);
  });

  it('/proc/meminfo: kB * 1024 with _bytes, parentheses to underscores, unitless lines without suffix', () => {
    const v = values(parseMeminfo('MemTotal:       24684084 kB\nActive(anon):       1536 kB\nHugePages_Total:       0\n', TS));
    expect(v).toEqual({
      'node_memory_MemTotal_bytes{}': 24684084 * 1024,
      'node_memory_Active_anon_bytes{}': 1536 * 1024,
      'node_memory_HugePages_Total{}': 0,
    });
  });

  it('/proc/loadavg', () => {
    expect(values(parseLoadavg('0.87 0.40 0.19 2/180 12345\n', TS))).toEqual({ 'node_load1{}': 0.87, 'node_load5{}': 0.4, 'node_load15{}': 0.19 });
  });

  it('/proc/diskstats: sectors of 512 bytes, milliseconds to seconds, partitions and loops excluded', () => {
    const text = [
      '   7       0 loop0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0',
      ' 254       0 vda 34593 8437 2347434 9817 7726 21632 1701552 3593 0 4052 13636 3745 47 102720 192 934 31',
      ' 254       1 vda1 1 1 1 1 1 1 1 1 0 1 1',
      '   8       0 sda 1 2 3 4 5 6 7 8 9 10 11',
      '   8       1 sda1 1 2 3 4 5 6 7 8 9 10 11',
      ' 259       1 nvme0n1p1 1 2 3 4 5 6 7 8 9 10 11',
    ].join('\n');
    const samples = parseDiskstats(text, TS, new RegExp(CONFIG_DEFAULTS.host.ignoredDiskDevices));
    expect([...new Set(samples.map((s) => s.labels.device))]).toEqual(['vda', 'sda']);
    const v = values(samples);
    expect(v['node_disk_read_bytes_total{"device":"vda"}']).toBe(2347434 * 512);
    expect(v['node_disk_written_bytes_total{"device":"vda"}']).toBe(1701552 * 512);
    expect(v['node_disk_reads_completed_total{"device":"vda"}']).toBe(34593);
    expect(v['node_disk_writes_completed_total{"device":"vda"}']).toBe(7726);
    expect(v['node_disk_io_time_seconds_total{"device":"vda"}']).toBe(4.052);
  });

  it('/proc/net/dev: both directions, lo excluded by default', () => {
    const text = [
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      '    lo:   62894      62    0    0    0     0          0         0    62894      62    0    0    0     0       0          0',
      '  eth0: 187742068    6489    1    2    0     0          0         0   589909    4467    3    4    0     0       0          0',
    ].join('\n');
    const v = values(parseNetDev(text, TS, new RegExp(CONFIG_DEFAULTS.host.ignoredNetDevices)));
    expect(v).toEqual({
      'node_network_receive_bytes_total{"device":"eth0"}': 187742068,
      'node_network_receive_packets_total{"device":"eth0"}': 6489,
      'node_network_receive_errs_total{"device":"eth0"}': 1,
      'node_network_receive_drop_total{"device":"eth0"}': 2,
      'node_network_transmit_bytes_total{"device":"eth0"}': 589909,
      'node_network_transmit_packets_total{"device":"eth0"}': 4467,
      'node_network_transmit_errs_total{"device":"eth0"}': 3,
      'node_network_transmit_drop_total{"device":"eth0"}': 4,
    });
  });

  it('/proc/mounts: node_exporter default exclusions, duplicates once, escaped spaces, readonly from options', () => {
    const text = [
      'proc /proc proc rw,relatime 0 0',
      '/dev/vda / ext4 rw,relatime 0 0',
      'tmpfs /dev/shm tmpfs rw 0 0',
      'tmpfs /run tmpfs rw 0 0',
      'cgroup2 /sys/fs/cgroup cgroup2 rw 0 0',
      'overlay /var/lib/docker/overlay2/x/merged overlay rw 0 0',
      '/dev/vdb /data\\040disk xfs ro,noatime 0 0',
      '/dev/vda / ext4 rw,relatime 0 0',
      'tmpfs /tmp tmpfs rw 0 0',
    ].join('\n');
    const d = CONFIG_DEFAULTS.host;
    const selected = selectMounts(parseMounts(text), new RegExp(d.ignoredMountPoints), new RegExp(d.ignoredFsTypes));
    expect(selected.map((m) => [m.device, m.mountpoint, m.fstype])).toEqual([
      ['/dev/vda', '/', 'ext4'],
      ['/dev/vdb', '/data disk', 'xfs'],
      ['tmpfs', '/tmp', 'tmpfs'],
    ]);
    const v = values(filesystemSamples(selected[1], { bsize: 4096, blocks: 100, bfree: 60, bavail: 50, files: 1000, ffree: 900 }, TS));
    const l = JSON.stringify({ device: '/dev/vdb', fstype: 'xfs', mountpoint: '/data disk' });
    expect(v[`node_filesystem_size_bytes${l}`]).toBe(409600);
    expect(v[`node_filesystem_free_bytes${l}`]).toBe(245760);
    expect(v[`node_filesystem_avail_bytes${l}`]).toBe(204800);
    expect(v[`node_filesystem_files${l}`]).toBe(1000);
    expect(v[`node_filesystem_files_free${l}`]).toBe(900);
    expect(v[`node_filesystem_readonly${l}`]).toBe(1);
    expect(v[`node_filesystem_device_error${l}`]).toBe(0);
  });
});
