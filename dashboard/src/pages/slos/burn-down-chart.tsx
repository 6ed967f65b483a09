import { useRef, type ReactNode } from 'react';
import { Area, AreaChart, CartesianGrid, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { CorrectionJson, SloHistory } from '../../api/slo-api.js';
import { useElementWidth } from '../../hooks/use-element-width.js';

/**
 * The error budget remaining over the SLO's window (the whole SLO's series of /history), with the budget corrections
 * as shaded ranges (their slices are left out of the budget).
 */
export function BurnDownChart({ history, corrections, name }: { history: SloHistory; corrections: readonly CorrectionJson[]; name: string }): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref);
  const points = history.series[0]?.points ?? [];
  const rows = points.map((p) => ({ t: p.t, remaining: p.remaining * 100 }));
  const spanMs = history.end - history.start;
  const fmtTime = (t: number): string =>
    new Date(t).toLocaleString(undefined, spanMs > 2 * 86_400_000 ? { month: 'short', day: 'numeric' } : { hour: '2-digit', minute: '2-digit' });
  const shown = corrections
    .map((c) => ({ c, x1: Math.max(history.start, Date.parse(c.start)), x2: Math.min(history.end, Date.parse(c.end)) }))
    .filter((r) => r.x2 > r.x1);
  const last = rows.length > 0 ? rows[rows.length - 1].remaining : undefined;
  return (
    <div ref={ref} className="chart-box">
      {rows.length === 0 ? (
        <p className="state empty">No burn-down yet: the SLO has not been evaluated over this window (it needs data for its indicator).</p>
      ) : width > 0 ? (
        <figure
          className="chart"
          role="img"
          aria-label={`error budget remaining of ${name} over its window: ${last === undefined ? 'no data' : `${last.toFixed(1)}% now`}${shown.length > 0 ? `, ${shown.length} correction range(s) shaded` : ''}`}
        >
          <AreaChart width={width} height={220} data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 4 }}>
            <CartesianGrid stroke="var(--grid)" vertical={false} />
            <XAxis dataKey="t" type="number" scale="time" domain={[history.start, history.end]} tickFormatter={fmtTime} stroke="var(--muted)" fontSize={11} minTickGap={40} />
            <YAxis tickFormatter={(v: number) => `${v}%`} stroke="var(--muted)" fontSize={11} width={52} domain={[(min: number) => Math.min(0, Math.floor(min)), 100]} />
            {shown.map(({ c, x1, x2 }) => (
              <ReferenceArea key={c.id} x1={x1} x2={x2} fill="var(--purple)" fillOpacity={0.15} stroke="var(--purple)" strokeOpacity={0.4} ifOverflow="hidden" />
            ))}
            <ReferenceLine y={0} stroke="var(--critical)" strokeDasharray="4 4" />
            <Tooltip
              isAnimationActive={false}
              labelFormatter={(t) => new Date(Number(t)).toLocaleString()}
              formatter={(v) => [`${Number(v).toFixed(2)}%`, 'budget remaining']}
              contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' }}
            />
            <Area dataKey="remaining" type="linear" stroke="var(--accent)" fill="var(--accent)" fillOpacity={0.2} isAnimationActive={false} />
          </AreaChart>
          {shown.length > 0 ? (
            <figcaption className="legend">
              <span className="swatch" style={{ background: 'var(--purple)' }} aria-hidden="true" /> budget corrections (left out of the budget)
            </figcaption>
          ) : null}
        </figure>
      ) : null}
    </div>
  );
}
