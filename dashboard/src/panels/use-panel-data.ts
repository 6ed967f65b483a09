import { useEffect, useState } from 'react';
import type { Panel } from '../api/types.js';
import { queryInstant, queryRange } from '../api/prom-api.js';
import { interpolateQuery, type VariableChoice } from '../boards/interpolate-query.js';
import { rateIntervalFor, stepForWidth } from '../time/query-step.js';
import type { ResolvedRange } from '../time/time-range.js';
import { toSeries, type SeriesData } from './panel-data.js';

export type PanelDataState =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string; readonly query: string }
  | {
      readonly state: 'done';
      readonly series: readonly SeriesData[];
      readonly stepS: number;
      /** The range the series were queried for: charts keep it until new data arrives, so a refresh draws once. */
      readonly range: ResolvedRange;
    };

/**
 * Runs a panel's queries: a range query for time series (step: at most one point per pixel column of `widthPx`),
 * an instant query at the range's end for the other types. Re-runs when the range, variables, width or tick change.
 */
export function usePanelData(
  panel: Panel,
  choices: Readonly<Record<string, VariableChoice>>,
  range: ResolvedRange,
  widthPx: number,
  tick: number,
): PanelDataState {
  const [result, setResult] = useState<PanelDataState>({ state: 'loading' });
  const ranged = panel.type === 'timeseries';
  const stepS = stepForWidth(range.start, range.end, widthPx > 0 ? widthPx : 600);
  const rangeS = Math.max(1, Math.round(range.end - range.start));
  const builtins = { rateInterval: rateIntervalFor(ranged ? stepS : 0), interval: `${stepS}s`, range: `${rangeS}s` };
  const queries = panel.queries.map((q) => ({ query: interpolateQuery(q.query, choices, builtins), legend: q.legend }));
  const key = JSON.stringify([queries, ranged ? [range.start, range.end, stepS] : range.end, tick]);

  useEffect(() => {
    if (widthPx === 0) return undefined;
    const abort = new AbortController();
    setResult((r) => (r.state === 'done' ? r : { state: 'loading' }));
    void Promise.all(
      queries.map((q) =>
        ranged ? queryRange(q.query, range.start, range.end, stepS, abort.signal) : queryInstant(q.query, range.end, abort.signal),
      ),
    ).then((answers) => {
      if (abort.signal.aborted) return;
      const series: SeriesData[] = [];
      for (const [i, a] of answers.entries()) {
        if (!a.ok) {
          setResult({ state: 'error', message: a.message, query: queries[i].query });
          return;
        }
        series.push(...toSeries(a.data, queries[i].legend));
      }
      setResult({ state: 'done', series, stepS, range: { start: range.start, end: range.end } });
    });
    return () => abort.abort();
    // `key` captures every input of the request (queries, range, step, tick).
  }, [key, widthPx === 0]);
  return result;
}
