import type { ReactNode } from 'react';
import type { HistoryEntry } from './alert-history.js';

/** Transitions newest first: from the ALERTS series over the time range, and live ones received while the page is open. */
export function HistorySection({ entries, error, loading }: { entries: readonly HistoryEntry[]; error?: string; loading: boolean }): ReactNode {
  return (
    <section className="section" aria-labelledby="history-title">
      <h2 id="history-title">History of transitions</h2>
      <p className="state">From the ALERTS series over the selected time range, plus live transitions while this page is open.</p>
      {error ? (
        <p className="state error" role="alert">
          The history could not be read: {error}
        </p>
      ) : loading && entries.length === 0 ? (
        <p className="state loading" role="status">
          Loading history…
        </p>
      ) : entries.length === 0 ? (
        <p className="state empty">No alert changed state in this time range: pick a longer range in the time picker.</p>
      ) : (
        <div className="table-wrap">
          <table className="history-table">
            <caption className="visually-hidden">alert state transitions</caption>
            <thead>
              <tr>
                <th scope="col">time</th>
                <th scope="col">alert</th>
                <th scope="col">change</th>
                <th scope="col">labels</th>
              </tr>
            </thead>
            <tbody>
              {entries.slice(0, 200).map((e, i) => (
                <tr key={`${e.at}-${i}`} data-source={e.source}>
                  <td>{new Date(e.at).toLocaleString()}</td>
                  <td>{e.labels.alertname}</td>
                  <td>
                    <span className={`badge ${e.from}`}>{e.from}</span> → <span className={`badge ${e.to}`}>{e.to}</span>
                    {e.source === 'live' ? <span className="tone-muted"> (live)</span> : null}
                  </td>
                  <td className="code">
                    {Object.entries(e.labels)
                      .filter(([k]) => k !== 'alertname')
                      .map(([k, v]) => `${k}=${v}`)
                      .join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
