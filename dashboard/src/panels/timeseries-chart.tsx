import { memo, type ReactNode } from 'react';
import { Area, AreaChart, CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { Panel, Unit } from '../api/types.js';
import { formatValue } from '../format/format-value.js';
import { toChartRows, type SeriesData } from './panel-data.js';
import { SERIES_COLORS, cssColor } from './threshold-color.js';

export interface TimeseriesChartProps {
  readonly series: readonly SeriesData[];
  readonly width: number;
  readonly height: number;
  readonly unit: Unit;
  readonly currency?: string;
  readonly decimals?: number;
  readonly thresholds?: Panel['thresholds'];
  readonly stacked?: boolean;
  /** Unix ms: the x axis spans the whole range even where data is missing. */
  readonly startMs: number;
  readonly endMs: number;
  readonly label: string;
}

/**
 * Lines (or stacked areas) over time with a legend below; the chart is an image with an aria label for screen readers.
 * Memoised: a board re-rendering (refresh tick, nav) redraws only the charts whose data or size changed.
 */
export const TimeseriesChart = memo(function TimeseriesChart(props: TimeseriesChartProps): ReactNode {
  const { series, width, height, unit, startMs, endMs } = props;
  const rows = toChartRows(series);
  const fmt = (v: number): string => formatValue(v, unit, { currency: props.currency, decimals: props.decimals });
  const spanMs = endMs - startMs;
  const fmtTime = (t: number): string =>
    new Date(t).toLocaleString(undefined, spanMs > 2 * 86_400_000 ? { month: 'short', day: 'numeric' } : { hour: '2-digit', minute: '2-digit' });
  const common = {
    width,
    height,
    data: rows,
    margin: { top: 8, right: 12, bottom: 0, left: 4 },
  };
  const axes = [
    <CartesianGrid key="grid" stroke="var(--grid)" vertical={false} />,
    <XAxis key="x" dataKey="t" type="number" scale="time" domain={[startMs, endMs]} tickFormatter={fmtTime} stroke="var(--muted)" fontSize={11} minTickGap={40} />,
    <YAxis key="y" tickFormatter={fmt} stroke="var(--muted)" fontSize={11} width={72} />,
    <Tooltip
      key="tip"
      isAnimationActive={false}
      labelFormatter={(t) => new Date(Number(t)).toLocaleString()}
      formatter={(v, key) => [fmt(Number(v)), series[Number(String(key).slice(1))]?.name ?? String(key)]}
      contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' }}
    />,
    ...(props.thresholds ?? []).map((t) => (
      <ReferenceLine key={`th${t.value}`} y={t.value} stroke={cssColor(t.color)} strokeDasharray="4 4" ifOverflow="hidden" />
    )),
  ];
  return (
    <figure className="chart" role="img" aria-label={`${props.label}: ${series.length} series over time`}>
      {props.stacked ? (
        <AreaChart {...common}>
          {axes}
          {series.map((s, i) => (
            <Area
              key={i}
              dataKey={`s${i}`}
              name={s.name}
              stackId="1"
              type="linear"
              stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
              fill={SERIES_COLORS[i % SERIES_COLORS.length]}
              fillOpacity={0.3}
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
        </AreaChart>
      ) : (
        <LineChart {...common}>
          {axes}
          {series.map((s, i) => (
            <Line
              key={i}
              dataKey={`s${i}`}
              name={s.name}
              type="linear"
              stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
              dot={false}
              strokeWidth={1.5}
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
        </LineChart>
      )}
      <figcaption>
        <ul className="legend">
          {series.slice(0, 20).map((s, i) => (
            <li key={i}>
              <span className="swatch" style={{ background: SERIES_COLORS[i % SERIES_COLORS.length] }} aria-hidden="true" />
              {s.name || '(no labels)'}
            </li>
          ))}
          {series.length > 20 ? <li>… and {series.length - 20} more</li> : null}
        </ul>
      </figcaption>
    </figure>
  );
});
