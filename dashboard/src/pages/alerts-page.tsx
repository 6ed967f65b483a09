import { useEffect, useState, type ReactNode } from 'react';
import { alerts } from '../api/prom-api.js';
import type { PromAlert } from '../api/types.js';
import { useRefresh } from '../shell/refresh-context.js';

/** Firing and pending alerts from /api/v1/alerts (labels, annotations, since when). Rules and silences come later. */
export function AlertsPage(): ReactNode {
  const { tick } = useRefresh();
  const [state, setState] = useState<{ alerts?: PromAlert[]; error?: string }>({});
  useEffect(() => {
    document.title = 'Alerts · Observability';
    const abort = new AbortController();
    void alerts(abort.signal).then((r) => {
      if (!abort.signal.aborted) setState(r.ok ? { alerts: r.data.alerts } : { error: r.message });
    });
    return () => abort.abort();
  }, [tick]);
  return (
    <div>
      <h1>Alerts</h1>
      {state.error ? (
        <p className="state error" role="alert">
          Alerts could not be read: {state.error}
        </p>
      ) : state.alerts === undefined ? (
        <p className="state loading" role="status">
          Loading…
        </p>
      ) : state.alerts.length === 0 ? (
        <p className="state empty">No alerts are firing or pending. Alerting rules are read from alert-rules/*.yaml (or rules.files in the api config).</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">firing and pending alerts</caption>
            <thead>
              <tr>
                <th scope="col">state</th>
                <th scope="col">alert</th>
                <th scope="col">labels</th>
                <th scope="col">summary</th>
                <th scope="col">since</th>
              </tr>
            </thead>
            <tbody>
              {state.alerts.map((a, i) => (
                <tr key={i}>
                  <td>
                    <span className={`badge ${a.state}`}>{a.state}</span>
                  </td>
                  <td>{a.labels.alertname}</td>
                  <td>
                    {Object.entries(a.labels)
                      .filter(([k]) => k !== 'alertname')
                      .map(([k, v]) => `${k}=${v}`)
                      .join(', ')}
                  </td>
                  <td>{a.annotations.summary ?? a.annotations.description ?? ''}</td>
                  <td>{a.activeAt ? new Date(a.activeAt).toLocaleString() : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
