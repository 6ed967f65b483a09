import type { ReactNode } from 'react';
import type { Panel } from '../api/types.js';
import { formatValue } from '../format/format-value.js';
import { lastValue, type SeriesData } from './panel-data.js';
import { thresholdColor } from './threshold-color.js';

/** One big number per series (its latest value), coloured by the thresholds. */
export function StatView({ panel, series }: { panel: Panel; series: readonly SeriesData[] }): ReactNode {
  return (
    <div className="stat-list">
      {series.slice(0, 8).map((s, i) => {
        const v = lastValue(s);
        const text = v === undefined ? '–' : formatValue(v, panel.unit, { currency: panel.currency, decimals: panel.decimals });
        return (
          <div className="stat" key={i}>
            <span className="stat-value" style={{ color: thresholdColor(v, panel.thresholds, 'var(--text)') }}>
              {text}
            </span>
            {series.length > 1 ? <span className="stat-name">{s.name}</span> : null}
          </div>
        );
      })}
    </div>
  );
}
