import { readdirSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Logger } from 'pino';
import type { FileSdConfig, TargetGroup } from '../../config/sections/scrape-config.js';
import { parseTargetGroupFile } from './target-group-file.js';

/** Several change events for one save (editors write, rename, chmod) become one reload after this. */
const DEBOUNCE_MS = 50;

interface FileState {
  groups: TargetGroup[];
  /** The reason the last read failed, while it keeps failing (logged once per distinct reason). */
  error: string | undefined;
}

/**
 * Prometheus's file_sd: target groups read from JSON or YAML files matching `files` (a `*` in the last path
 * element), reloaded when a file changes (fs.watch on each directory) and every `refreshIntervalMs` as a
 * fallback (watches miss changes on some filesystems). A file that cannot be read or parsed keeps its last
 * good target list, and the log says why with the file name (once per distinct reason); a file that is
 * deleted takes its targets with it.
 */
export class FileTargetDiscovery {
  private readonly files = new Map<string, FileState>();
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private readonly patterns: Array<{ dir: string; name: RegExp }>;
  private cached: TargetGroup[] | undefined;

  constructor(
    private readonly config: FileSdConfig,
    private readonly log: Logger,
  ) {
    this.patterns = config.files.map((f) => ({ dir: dirname(f), name: globToRegExp(basename(f)) }));
  }

  /** Reads the files now, then watches them. */
  start(): void {
    this.refresh();
    for (const dir of new Set(this.patterns.map((p) => p.dir))) {
      try {
        const w = watch(dir, { persistent: false }, (_event, filename) => {
          if (filename === null || this.patterns.some((p) => p.dir === dir && p.name.test(filename.toString()))) this.scheduleRefresh();
        });
        w.on('error', (err) => this.log.warn({ dir, err: err.message }, 'file_sd: watching the directory failed; relying on refresh_interval'));
        this.watchers.push(w);
      } catch (err) {
        this.log.warn({ dir, reason: err instanceof Error ? err.message : String(err) }, 'file_sd: cannot watch the directory; relying on refresh_interval');
      }
    }
    this.timer = setInterval(() => this.refresh(), this.config.refreshIntervalMs);
    this.timer.unref();
  }

  close(): void {
    for (const w of this.watchers.splice(0)) w.close();
    clearInterval(this.timer);
    clearTimeout(this.debounce);
  }

  /** The target groups of every matching file (last good version of each). */
  groups(): TargetGroup[] {
    this.cached ??= [...this.files.values()].flatMap((f) => f.groups);
    return this.cached;
  }

  /** Re-reads every matching file (the watcher and the timer call this; tests may too). */
  refresh(): void {
    const present = new Set<string>();
    for (const { dir, name } of this.patterns) {
      let entries: string[];
      try {
        entries = readdirSync(dir);
      } catch {
        entries = [];
      }
      for (const entry of entries) if (name.test(entry)) present.add(join(dir, entry));
    }
    for (const [file, state] of this.files) {
      if (present.has(file)) continue;
      this.files.delete(file);
      this.cached = undefined;
      this.log.info({ file, targets: countTargets(state.groups) }, 'file_sd: file removed; its targets are gone');
    }
    for (const file of present) this.load(file);
  }

  private load(file: string): void {
    const state = this.files.get(file);
    let groups: TargetGroup[];
    try {
      groups = parseTargetGroupFile(file, readFileSync(file, 'utf8'));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (state === undefined) this.files.set(file, { groups: [], error: reason });
      if (state?.error !== reason) {
        if (state !== undefined) state.error = reason;
        this.log.warn(
          { file, reason, keptTargets: countTargets(state?.groups ?? []) },
          `file_sd: cannot use ${file}: ${reason}; keeping its last good target list`,
        );
      }
      return;
    }
    const changed = state === undefined || JSON.stringify(state.groups) !== JSON.stringify(groups);
    if (state?.error !== undefined) this.log.info({ file }, 'file_sd: file is valid again');
    this.files.set(file, { groups, error: undefined });
    if (changed) {
      this.cached = undefined;
      this.log.info({ file, targets: countTargets(groups) }, 'file_sd: target list loaded');
    }
  }

  private scheduleRefresh(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.refresh(), DEBOUNCE_MS);
    this.debounce.unref();
  }
}

function countTargets(groups: readonly TargetGroup[]): number {
  return groups.reduce((n, g) => n + g.targets.length, 0);
}

/** A file name pattern with `*` (any run of characters) as Prometheus file_sd allows; the rest is literal. */
function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}
