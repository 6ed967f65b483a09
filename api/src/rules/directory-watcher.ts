import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from 'pino';

export interface DirectoryWatcherOptions {
  /** What the files are, for log lines: "rule files", "SLO files". */
  readonly what: string;
  /** Said when watching is not possible: how to reload by hand instead (e.g. "reload with POST /-/reload"). */
  readonly hint?: string;
  readonly debounceMs: number;
  readonly logger: Logger;
  /** Called once per burst of changes, `debounceMs` after the last one. */
  readonly onChange: () => void;
}

export interface DirectoryWatcher {
  close(): void;
}

/**
 * Watches the directories that hold a set of config files (fs.watch) and calls `onChange`, debounced. A
 * directory that cannot be watched (missing, no inotify) is logged and left out: the files still load, they just
 * do not reload on change. Used by the rule manager and the SLO manager.
 */
export function watchDirectories(dirs: readonly string[], opts: DirectoryWatcherOptions): DirectoryWatcher {
  const watchers: FSWatcher[] = [];
  let debounce: NodeJS.Timeout | undefined;
  let closed = false;
  const hint = opts.hint !== undefined ? `; ${opts.hint}` : '';
  for (const dir of dirs) {
    try {
      const w = watch(dir, () => {
        clearTimeout(debounce);
        debounce = setTimeout(() => {
          if (closed) return;
          opts.logger.info({ dir }, `${opts.what} changed: reloading`);
          opts.onChange();
        }, opts.debounceMs);
        debounce.unref();
      });
      w.on('error', (err) => opts.logger.warn({ err, dir }, `watching ${opts.what} failed${hint}`));
      watchers.push(w);
    } catch (err) {
      opts.logger.warn({ err, dir }, `cannot watch the directory of the ${opts.what} (missing?)${hint}`);
    }
  }
  return {
    close(): void {
      closed = true;
      clearTimeout(debounce);
      for (const w of watchers) w.close();
    },
  };
}
