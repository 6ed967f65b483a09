import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { PromAlert, PromRuleGroup } from '../../api/types.js';
import { formatAlertFilter } from '../../format/alert-filter.js';

type AlertingRule = Extract<PromRuleGroup['rules'][number], { type: 'alerting' }>;

/** The SLO's generated burn-rate alerting rules (label `slo`) with their state, and its active alerts. */
export function SloAlertsSection({ name, groups, alerts, error }: { name: string; groups: readonly PromRuleGroup[] | undefined; alerts: readonly PromAlert[]; error?: string }): ReactNode {
  const rules: AlertingRule[] = (groups ?? []).flatMap((g) => g.rules.filter((r): r is AlertingRule => r.type === 'alerting' && r.labels?.slo === name));
  const active = alerts.filter((a) => a.labels.slo === name);
  const filter = encodeURIComponent(formatAlertFilter([{ name: 'slo', type: '=', value: name }]));
  return (
    <section className="section" aria-labelledby="slo-alerts-title">
      <div className="page-head">
        <h2 id="slo-alerts-title">Burn-rate alerts</h2>
        <Link to={`/alerts?filter=${filter}`}>open in Alerts (silence, delivery)</Link>
      </div>
      {error ? (
        <p className="state error" role="alert">
          Alert rules could not be read: {error}
        </p>
      ) : groups === undefined ? (
        <p className="state loading" role="status">
          Loading alert rules…
        </p>
      ) : rules.length === 0 ? (
        <p className="state empty">No burn-rate alert rules for this SLO: its alerting may be disabled in the SLO file (alerting.page / alerting.ticket).</p>
      ) : (
        <table>
          <caption className="visually-hidden">burn-rate alert rules of {name}</caption>
          <thead>
            <tr>
              <th scope="col">state</th>
              <th scope="col">alert</th>
              <th scope="col">severity</th>
              <th scope="col">windows</th>
              <th scope="col">for</th>
              <th scope="col">active since</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r, i) => {
              const since = r.alerts
                .map((a) => a.activeAt)
                .filter((t): t is string => t !== undefined)
                .sort()[0];
              return (
                <tr key={`${r.name}-${i}`}>
                  <td>
                    <span className={`badge ${r.state}`}>{r.state}</span>
                  </td>
                  <td>{r.name}</td>
                  <td>{r.labels?.severity ?? ''}</td>
                  <td>{[r.labels?.long_window, r.labels?.short_window].filter(Boolean).join(' and ')}</td>
                  <td>{r.duration > 0 ? `${r.duration}s` : '0s'}</td>
                  <td>{since ? new Date(since).toLocaleString() : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {active.length > 0 ? (
        <p className="state">
          {active.length} alert{active.length === 1 ? '' : 's'} active now: {active.map((a) => `${a.labels.alertname} (${a.state})`).join(', ')}
        </p>
      ) : null}
    </section>
  );
}
