import type { Logger } from 'pino';
import type { HostConfig } from '../../config/config-schema.js';
import type { CollectedSample, Source } from '../source.js';
import { diskstatsArea } from './diskstats.js';
import { createFilesystemArea } from './filesystem.js';
import type { HostArea, HostContext } from './host-context.js';
import { loadavgArea } from './loadavg.js';
import { meminfoArea } from './meminfo.js';
import { netdevArea } from './netdev.js';
import { statArea } from './stat.js';
import { timeArea } from './time.js';
import { unameArea } from './uname.js';

export type HostSourceOptions = Pick<
  HostConfig,
  'procPath' | 'sysPath' | 'rootfsPath' | 'ignoredMountPoints' | 'ignoredFsTypes' | 'ignoredNetDevices' | 'ignoredDiskDevices'
> & { readonly labels?: Readonly<Record<string, string>> };

/**
 * The host, as node_exporter 1.5 reports it (same metric names, label sets and units) for the areas listed
 * in CONFIG.md. Areas are read concurrently; an area that fails is logged (once when it starts failing, once
 * when it recovers) and the others are still returned.
 */
export class HostSource implements Source {
  readonly name = 'host';
  private readonly ctx: HostContext;
  private readonly areas: readonly HostArea[];
  private readonly failing = new Set<string>();
  private readonly labels: Readonly<Record<string, string>>;

  constructor(
    options: HostSourceOptions,
    private readonly log: Logger,
    areas?: readonly HostArea[],
  ) {
    this.ctx = {
      procPath: options.procPath,
      sysPath: options.sysPath,
      rootfsPath: options.rootfsPath,
      ignoredMountPoints: new RegExp(options.ignoredMountPoints),
      ignoredFsTypes: new RegExp(options.ignoredFsTypes),
      ignoredNetDevices: new RegExp(options.ignoredNetDevices),
      ignoredDiskDevices: new RegExp(options.ignoredDiskDevices),
    };
    this.labels = options.labels ?? {};
    this.areas = areas ?? [statArea, meminfoArea, loadavgArea, createFilesystemArea(), diskstatsArea, netdevArea, unameArea, timeArea];
  }

  async collect(now: number): Promise<CollectedSample[]> {
    const results = await Promise.allSettled(this.areas.map((a) => a.read(this.ctx, now)));
    const out: CollectedSample[] = [];
    results.forEach((r, i) => {
      const area = this.areas[i].name;
      if (r.status === 'fulfilled') {
        for (const sample of r.value) {
          out.push(Object.keys(this.labels).length === 0 ? sample : { ...sample, labels: { ...sample.labels, ...this.labels } });
        }
        if (this.failing.delete(area)) this.log.info({ area }, 'host area readable again');
      } else if (!this.failing.has(area)) {
        this.failing.add(area);
        this.log.warn({ area, reason: String((r.reason as Error)?.message ?? r.reason) }, 'host area unreadable; other areas still collected');
      }
    });
    return out;
  }
}
