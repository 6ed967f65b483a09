import type { PromQueryData } from '../api/types.js';
import { formatLegend } from '../format/legend.js';

/** One drawn series: a name from the legend template and points in Unix ms. */
export interface SeriesData {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly points: ReadonlyArray<{ readonly t: number; readonly v: number }>;
}

/** Turns a query answer (matrix, vector or scalar) into named series; an instant answer gives one point each. */
export function toSeries(data: PromQueryData, legend: string | undefined): SeriesData[] {
  switch (data.resultType) {
    case 'matrix':
      return data.result.map((s) => ({
        name: formatLegend(legend, s.metric),
        labels: s.metric,
        points: s.values.map(([t, v]) => ({ t: t * 1000, v: Number(v) })),
      }));
    case 'vector':
      return data.result.map((s) => ({
        name: formatLegend(legend, s.metric),
        labels: s.metric,
        points: [{ t: s.value[0] * 1000, v: Number(s.value[1]) }],
      }));
    case 'scalar':
      return [{ name: legend ?? 'scalar', labels: {}, points: [{ t: data.result[0] * 1000, v: Number(data.result[1]) }] }];
    default:
      return [];
  }
}

/** Rows for Recharts: one object per timestamp, one key per series (series index as key, names can repeat). */
export function toChartRows(series: readonly SeriesData[]): Array<Record<string, number>> {
  const byTime = new Map<number, Record<string, number>>();
  series.forEach((s, i) => {
    for (const p of s.points) {
      let row = byTime.get(p.t);
      if (!row) {
        row = { t: p.t };
        byTime.set(p.t, row);
      }
      row[`s${i}`] = p.v;
    }
  });
  return [...byTime.values()].sort((a, b) => a.t - b.t);
}

/** The last value of a series (stat, gauge, bar, table). */
export function lastValue(s: SeriesData): number | undefined {
  return s.points.length === 0 ? undefined : s.points[s.points.length - 1].v;
}
