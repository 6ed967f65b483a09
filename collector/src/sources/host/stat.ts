import type { CollectedSample } from '../source.js';
import { readProcFile, sample, type HostArea } from './host-context.js';

/** Kernel USER_HZ: /proc/stat counts CPU time in 1/100 s on every Linux architecture node_exporter supports. */
const USER_HZ = 100;

/** Column order of the `cpuN` lines of /proc/stat. */
const CPU_MODES = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

/**
 * Parses /proc/stat like node_exporter's cpu and stat collectors: `node_cpu_seconds_total{cpu,mode}`,
 * `node_cpu_guest_seconds_total{cpu,mode}`, `node_boot_time_seconds`, `node_context_switches_total`,
 * `node_forks_total`, `node_intr_total`, `node_procs_running`, `node_procs_blocked`.
 */
export function parseProcStat(text: string, ts: number): CollectedSample[] {
  const out: CollectedSample[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const key = f[0];
    if (key === undefined || key === '') continue;
    if (key.startsWith('cpu') && key !== 'cpu') {
      const cpu = key.slice(3);
      CPU_MODES.forEach((mode, i) => {
        const v = f[i + 1];
        if (v !== undefined) out.push(sample('node_cpu_seconds_total', { cpu, mode }, Number(v) / USER_HZ, ts));
      });
      if (f[9] !== undefined) out.push(sample('node_cpu_guest_seconds_total', { cpu, mode: 'user' }, Number(f[9]) / USER_HZ, ts));
      if (f[10] !== undefined) out.push(sample('node_cpu_guest_seconds_total', { cpu, mode: 'nice' }, Number(f[10]) / USER_HZ, ts));
      continue;
    }
    const value = Number(f[1]);
    switch (key) {
      case 'btime':
        out.push(sample('node_boot_time_seconds', {}, value, ts));
        break;
      case 'ctxt':
        out.push(sample('node_context_switches_total', {}, value, ts));
        break;
      case 'processes':
        out.push(sample('node_forks_total', {}, value, ts));
        break;
      case 'intr':
        out.push(sample('node_intr_total', {}, value, ts));
        break;
      case 'procs_running':
        out.push(sample('node_procs_running', {}, value, ts));
        break;
      case 'procs_blocked':
        out.push(sample('node_procs_blocked', {}, value, ts));
        break;
      default:
        break;
    }
  }
  return out;
}

export const statArea: HostArea = {
  name: 'stat',
  read: async (ctx, now) => parseProcStat(await readProcFile(ctx, 'stat'), now),
};
