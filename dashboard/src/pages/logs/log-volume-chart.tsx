import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceArea, Tooltip, XAxis, YAxis } from 'recharts';
import { LOG_LEVELS, levelColor, type LogLevel } from './log-levels.js';
import type { LogVolume } from './use-log-volume.js';

type Row = { t: number } & Partial<Record<LogLevel, number>>;

/** The volume answer as chart rows: one per bucket (Unix ms), a count per level. */
export function volumeRows(volume: LogVolume): Row[] {
  const rows = new Map<number, Row>();
  for (const s of volume.series) {
    for (const [t, n] of s.points) {
      const ms = t * 1000;
      let row = rows.get(ms);
      if (!row) rows.set(ms, (row = { t: ms }));
      row[s.level] = n;
    }
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/**
 * Stacked bars of matching lines per level over the range, one bar per bucket; labelled for screen readers. With
 * `onZoom` a click on a bar zooms to its bucket, and so does the keyboard: the chart is a Tab stop, the arrow keys
 * (Home, End) pick a bar (highlighted, its time and counts announced), Enter zooms, Escape lets go.
 */
export function LogVolumeChart(props: {
  volume: LogVolume;
  width: number;
  height: number;
  /** A click on a bar: narrow the range to its bucket (Unix ms). */
  onZoom?: (startMs: number, endMs: number) => void;
}): ReactNode {
  const { volume, width, height, onZoom } = props;
  const rows = volumeRows(volume);
  const levels = LOG_LEVELS.filter((l) => volume.series.some((s) => s.level === l));
  const total = volume.series.reduce((sum, s) => sum + s.points.reduce((a, [, n]) => a + n, 0), 0);
  const spanMs = rows.length > 1 ? rows[rows.length - 1].t - rows[0].t : 0;
  const fmtTime = (t: number): string =>
    new Date(t).toLocaleString(undefined, spanMs > 2 * 86_400_000 ? { month: 'short', day: 'numeric', hour: '2-digit' } : { hour: '2-digit', minute: '2-digit' });
  const stepLabel = volume.stepMs >= 60_000 ? `${volume.stepMs / 60_000} min` : `${volume.stepMs / 1000} s`;
  const [cursor, setCursor] = useState<number | undefined>(undefined);
  const picked = cursor !== undefined ? rows[Math.min(cursor, rows.length - 1)] : undefined;
  const label = `log lines per ${stepLabel} by level: ${total} in total`;
  const onKeyDown = (e: KeyboardEvent): void => {
    if (!onZoom || rows.length === 0) return;
    const last = rows.length - 1;
    const at = cursor === undefined ? last + 1 : Math.min(cursor, last);
    const moves: Record<string, number> = { ArrowLeft: Math.max(0, at - 1), ArrowRight: Math.min(last, cursor === undefined ? last : at + 1), Home: 0, End: last };
    if (e.key in moves) {
      e.preventDefault();
      setCursor(moves[e.key]);
    } else if ((e.key === 'Enter' || e.key === ' ') && picked) {
      e.preventDefault();
      onZoom(picked.t, picked.t + volume.stepMs);
    } else if (e.key === 'Escape') setCursor(undefined);
  };
  const interactive = onZoom
    ? { role: 'group', tabIndex: 0, 'aria-label': `${label}; arrow keys pick a bar, Enter zooms to it`, onKeyDown, onBlur: () => setCursor(undefined) }
    : { role: 'img', 'aria-label': label };
  return (
    <figure className="chart log-volume" {...interactive}>
      <BarChart
        width={width}
        height={height}
        data={rows}
        margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
        barCategoryGap={1}
        style={onZoom ? { cursor: 'zoom-in' } : undefined}
      >
        <CartesianGrid stroke="var(--grid)" vertical={false} />
        <XAxis dataKey="t" tickFormatter={fmtTime} stroke="var(--muted)" fontSize={11} minTickGap={40} />
        <YAxis allowDecimals={false} stroke="var(--muted)" fontSize={11} width={48} />
        {picked ? <ReferenceArea x1={picked.t} x2={picked.t} fill="var(--accent)" fillOpacity={0.25} stroke="var(--accent)" ifOverflow="visible" /> : null}
        <Tooltip
          isAnimationActive={false}
          cursor={{ fill: 'var(--grid)' }}
          labelFormatter={(t) => new Date(Number(t)).toLocaleString()}
          contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' }}
        />
        {levels.map((l) => (
          <Bar
            key={l}
            dataKey={l}
            name={l}
            stackId="levels"
            fill={levelColor(l)}
            isAnimationActive={false}
            // The clicked bar's own row: the chart-level click's activeIndex is the tooltip's, which a click
            // without a hover first (keyboard users, automation) leaves at 0.
            onClick={(entry: { payload?: Row }) => {
              if (onZoom && entry.payload) onZoom(entry.payload.t, entry.payload.t + volume.stepMs);
            }}
          />
        ))}
      </BarChart>
      {onZoom ? (
        <p className="visually-hidden" aria-live="polite">
          {picked
            ? `${new Date(picked.t).toLocaleString()}: ${levels.map((l) => `${picked[l] ?? 0} ${l}`).join(', ')}. Enter zooms to this ${stepLabel}.`
            : ''}
        </p>
      ) : null}
      <figcaption>
        <ul className="legend">
          {levels.map((l) => (
            <li key={l} className="legend-level">
              <span className="swatch" style={{ background: levelColor(l) }} aria-hidden="true" />
              {l}
            </li>
          ))}
          <li>
            {total} lines, {stepLabel} buckets
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}
