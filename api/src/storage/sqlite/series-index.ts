import { AppError } from '../../errors/app-error.js';
import type { Labels } from '../labels.js';
import { compileMatcher, type LabelMatcher, type ValuePredicate } from '../label-matcher.js';
import { HeadSeries } from './head-series.js';

/** One series known to the store: identity, its in-memory head and the time span of its chunks. */
export interface SeriesEntry {
  readonly id: number;
  readonly labels: Labels;
  readonly key: string;
  readonly head: HeadSeries;
  chunkMinT: number;
  chunkMaxT: number;
  /** Set once retention removed the series; cached lookups must then resolve again. */
  deleted: boolean;
}

export function newSeriesEntry(id: number, labels: Labels, key: string): SeriesEntry {
  return { id, labels, key, head: new HeadSeries(), chunkMinT: Infinity, chunkMaxT: -Infinity, deleted: false };
}

/**
 * All series in memory with an inverted index (label name -> value -> series ids).
 * `=` uses the postings directly; regex and negative matchers scan the values of that label name.
 * A label a series lacks matches as "", as in Prometheus.
 */
export class SeriesIndex {
  private readonly byId = new Map<number, SeriesEntry>();
  private readonly byKey = new Map<string, SeriesEntry>();
  private readonly postings = new Map<string, Map<string, Set<number>>>();

  get size(): number {
    return this.byId.size;
  }

  all(): IterableIterator<SeriesEntry> {
    return this.byId.values();
  }

  get(id: number): SeriesEntry | undefined {
    return this.byId.get(id);
  }

  getByKey(key: string): SeriesEntry | undefined {
    return this.byKey.get(key);
  }

  add(entry: SeriesEntry): void {
    this.byId.set(entry.id, entry);
    this.byKey.set(entry.key, entry);
    for (const name of Object.keys(entry.labels)) {
      let values = this.postings.get(name);
      if (!values) this.postings.set(name, (values = new Map()));
      let ids = values.get(entry.labels[name]);
      if (!ids) values.set(entry.labels[name], (ids = new Set()));
      ids.add(entry.id);
    }
  }

  remove(entry: SeriesEntry): void {
    this.byId.delete(entry.id);
    if (this.byKey.get(entry.key) === entry) this.byKey.delete(entry.key);
    for (const name of Object.keys(entry.labels)) {
      const values = this.postings.get(name);
      const ids = values?.get(entry.labels[name]);
      if (!values || !ids) continue;
      ids.delete(entry.id);
      if (ids.size === 0) values.delete(entry.labels[name]);
      if (values.size === 0) this.postings.delete(name);
    }
  }

  /** Series matching every matcher (all series for an empty list). */
  match(matchers: readonly LabelMatcher[]): SeriesEntry[] {
    const preds: ValuePredicate[] = matchers.map((m) => {
      try {
        return compileMatcher(m);
      } catch (err) {
        throw new AppError('bad_data', `invalid regular expression in matcher ${m.name}${m.type}"${m.value}"`, { cause: err });
      }
    });
    // Matchers that reject "" can only match series having the label: their postings bound the result.
    let base: Set<number>[] | undefined;
    let baseSize = Infinity;
    for (let i = 0; i < matchers.length; i++) {
      if (preds[i]('')) continue;
      const sets = this.postingsFor(matchers[i], preds[i]);
      let size = 0;
      for (const s of sets) size += s.size;
      if (size < baseSize) {
        base = sets;
        baseSize = size;
      }
      if (size === 0) return [];
    }
    const out: SeriesEntry[] = [];
    const accept = (e: SeriesEntry): void => {
      for (let i = 0; i < matchers.length; i++) if (!preds[i](e.labels[matchers[i].name] ?? '')) return;
      out.push(e);
    };
    if (base === undefined) {
      for (const e of this.byId.values()) accept(e);
    } else {
      for (const ids of base) for (const id of ids) accept(this.byId.get(id) as SeriesEntry);
    }
    return out;
  }

  private postingsFor(m: LabelMatcher, pred: ValuePredicate): Set<number>[] {
    const values = this.postings.get(m.name);
    if (!values) return [];
    if (m.type === '=') {
      const ids = values.get(m.value);
      return ids ? [ids] : [];
    }
    const out: Set<number>[] = [];
    for (const [value, ids] of values) if (pred(value)) out.push(ids);
    return out;
  }
}
