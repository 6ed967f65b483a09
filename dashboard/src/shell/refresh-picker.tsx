import type { ReactNode } from 'react';

const CHOICES = ['off', '10s', '30s', '1m', '5m', '15m'];

/** "Refresh now" and the auto-refresh interval (kept in the URL as `refresh=`). */
export function RefreshPicker(props: { interval: string; onIntervalChange: (v: string) => void; onRefresh: () => void }): ReactNode {
  return (
    <div className="refresh-picker">
      <button type="button" onClick={props.onRefresh} aria-label="refresh now">
        ⟳
      </button>
      <label className="visually-hidden" htmlFor="auto-refresh">
        auto-refresh interval
      </label>
      <select id="auto-refresh" value={props.interval} onChange={(e) => props.onIntervalChange(e.target.value)}>
        {CHOICES.map((c) => (
          <option key={c} value={c}>
            {c === 'off' ? 'Auto-refresh off' : `Every ${c}`}
          </option>
        ))}
      </select>
    </div>
  );
}
