import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import type { Panel } from '../api/types.js';
import { formatValue } from '../format/format-value.js';
import { lastValue, type SeriesData } from './panel-data.js';
import { SERIES_COLORS, thresholdColor } from './threshold-color.js';

/** One bar per series (its latest value), coloured by thresholds when the panel has them. */
export function BarView({ panel, series, width, height }: { panel: Panel; series: readonly SeriesData[]; width: number; height: number }): ReactNode {
  const rows = series.map((s) => ({ name: s.name || '(no labels)', v: lastValue(s) ?? 0 }));
  const fmt = (v: number): string => formatValue(v, panel.unit, { currency: panel.currency, decimals: panel.decimals });
  return (
    <figure className="chart" role="img" aria-label={`${panel.title}: ${rows.map((r) => `${r.name} ${fmt(r.v)}`).join(', ')}`}>
      <BarChart width={width} height={height} data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 4 }}>
        <CartesianGrid stroke="var(--grid)" vertical={false} />
        <XAxis dataKey="name" stroke="var(--muted)" fontSize={11} interval={0} />
        <YAxis tickFormatter={fmt} stroke="var(--muted)" fontSize={11} width={72} />
        <Tooltip
          isAnimationActive={false}
          formatter={(v) => fmt(Number(v))}
          contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' }}
        />
        <Bar dataKey="v" isAnimationActive={false}>
          {rows.map((r, i) => (
            <Cell key={i} fill={panel.thresholds.length > 0 ? thresholdColor(r.v, panel.thresholds) : SERIES_COLORS[i % SERIES_COLORS.length]} />
          ))}
        </Bar>
      </BarChart>
    </figure>
  );
}
