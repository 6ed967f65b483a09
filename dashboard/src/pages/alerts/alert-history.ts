// The alerts page's history of transitions, from two sources: the `ALERTS` series over the page's time range (what
// the rule engine wrote: one series per alert and state, present while the alert is in it), read as runs of samples;
// and the `alert` live events received while the page is open. Both are merged, newest first.
import type { MatrixSeries } from '../../api/types.js';

export type HistoryState = 'inactive' | 'pending' | 'firing';

export interface HistoryEntry {
  /** Unix ms. */
  readonly at: number;
  readonly from: HistoryState;
  readonly to: HistoryState;
  /** The alert's labels (without `__name__` and `alertstate`). */
  readonly labels: Readonly<Record<string, string>>;
  readonly source: 'series' | 'live';
}

function identity(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

/**
 * Transitions read from `ALERTS` range-query series sampled every `stepS` seconds over [startS, endS]: a state's run
 * starts where samples start and ends after a gap of more than 1.5 steps. A run that touches the range's start or end
 * is not a transition there (it was already, or still is, in that state).
 */
export function transitionsFromAlertsSeries(series: readonly MatrixSeries[], stepS: number, startS: number, endS: number): HistoryEntry[] {
  interface Run {
    readonly state: HistoryState;
    readonly start: number;
    readonly end: number;
  }
  const byAlert = new Map<string, { labels: Record<string, string>; runs: Run[] }>();
  for (const s of series) {
    const state = s.metric.alertstate;
    if (state !== 'pending' && state !== 'firing') continue;
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.metric)) if (k !== '__name__' && k !== 'alertstate') labels[k] = v;
    const key = identity(labels);
    const entry = byAlert.get(key) ?? { labels, runs: [] };
    byAlert.set(key, entry);
    let runStart: number | undefined;
    let prev = 0;
    for (const [t] of s.values) {
      if (runStart === undefined) runStart = t;
      else if (t - prev > stepS * 1.5) {
        entry.runs.push({ state, start: runStart, end: prev });
        runStart = t;
      }
      prev = t;
    }
    if (runStart !== undefined) entry.runs.push({ state, start: runStart, end: prev });
  }
  const out: HistoryEntry[] = [];
  const near = (a: number, b: number): boolean => Math.abs(a - b) <= stepS * 1.5;
  for (const { labels, runs } of byAlert.values()) {
    for (const r of runs) {
      // Start: inactive→pending, or pending→firing when a pending run ends there (else a firing without `for`).
      if (!near(r.start, startS) && r.start > startS) {
        const fromPending = r.state === 'firing' && runs.some((p) => p.state === 'pending' && near(p.end, r.start - stepS) && p.end < r.start);
        out.push({ at: r.start * 1000, from: fromPending ? 'pending' : 'inactive', to: r.state, labels, source: 'series' });
      }
      // End: back to inactive, unless the alert went on firing (a pending run followed by a firing one).
      if (!near(r.end, endS) && r.end < endS) {
        const becameFiring = r.state === 'pending' && runs.some((f) => f.state === 'firing' && near(f.start, r.end + stepS) && f.start > r.end);
        if (!becameFiring) out.push({ at: (r.end + stepS) * 1000, from: r.state, to: 'inactive', labels, source: 'series' });
      }
    }
  }
  return out.sort((a, b) => b.at - a.at);
}

/** Live transitions first where the series has not caught up; the same transition from both sources is shown once. */
export function mergeHistory(series: readonly HistoryEntry[], live: readonly HistoryEntry[], toleranceMs: number): HistoryEntry[] {
  const out = [...series];
  for (const l of live) {
    const dup = series.some((s) => s.to === l.to && identity(s.labels) === identity(l.labels) && Math.abs(s.at - l.at) <= toleranceMs);
    if (!dup) out.push(l);
  }
  return out.sort((a, b) => b.at - a.at);
}
