/**
 * Default of every collector setting, as written in the YAML file. CONFIG.md documents the same table.
 * The filter regexes are node_exporter 1.5's defaults (as built by Debian), so the host source reports the
 * same filesystems, disks and network devices as `prometheus-node-exporter` would.
 */
export const CONFIG_DEFAULTS = Object.freeze({
  /** Address of the api, used for the default sink URL and the default self-scrape target (env HOST / PORT). */
  apiHost: '127.0.0.1',
  apiPort: 8080,
  interval: '10s',
  /** DATA_DIR: the collector's state (log offsets) goes under `<dataDir>/collector/` (relative to the working directory). */
  dataDir: './data',
  logLevel: 'info' as const,
  host: Object.freeze({
    enabled: true,
    procPath: '/proc',
    sysPath: '/sys',
    rootfsPath: '/',
    ignoredMountPoints: '^/(dev|proc|run|sys|mnt|media|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)',
    ignoredFsTypes:
      '^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$',
    ignoredNetDevices: '^lo$',
    ignoredDiskDevices: '^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$',
    /** job of the host samples; instance defaults to this machine's hostname. */
    job: 'node',
  }),
  sink: Object.freeze({
    kind: 'api' as const,
    precision: 'ms' as const,
    batchSize: 5000,
    flushInterval: '1s',
    maxBufferSamples: 500_000,
    timeout: '10s',
    retry: Object.freeze({ initialDelay: '500ms', maxDelay: '30s', multiplier: 2, jitter: 0.2 }),
  }),
});
