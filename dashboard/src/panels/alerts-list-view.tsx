import { useMemo, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import type { Panel } from '../api/types.js';
import { parseAlertFilter } from '../format/alert-filter.js';
import { formatSpan } from '../format/slo-format.js';
import { useAlerts } from '../hooks/use-alerts.js';
import { alertListRows } from './alert-list-rows.js';
import { useBoardLive } from './board-live-events.js';
import { linkTo, PanelFrame, PanelLoading, type PanelState } from './panel-frame.js';
import './service-level.css';

/**
 * A board's alerts panel: the firing (with `pending: true` also pending) alerts of /api/v1/alerts matching the panel's
 * `filter`, with name, severity, the labels that tell them apart and since when; a row opens /alerts filtered to it.
 * "No alerts firing" is the good news, not an error. Refetched on the board's refresh and on live `alert` events.
 */
export function AlertsListView({ panel, tick }: { panel: Panel; tick: number }): ReactNode {
  const live = useBoardLive();
  const { search } = useLocation();
  const navigate = useNavigate();
  const { alerts, error, loaded } = useAlerts(`${tick}:${live.alertsKey}`);
  const parsed = useMemo(() => parseAlertFilter(panel.filter ?? ''), [panel.filter]);
  const pending = panel.pending ?? false;
  const rows = parsed.ok ? alertListRows(alerts, parsed.matchers, pending) : [];
  const state: PanelState = !parsed.ok || error !== undefined ? 'error' : !loaded ? 'loading' : rows.length === 0 ? 'empty' : 'data';
  const firing = rows.filter((r) => r.state === 'firing').length;
  const alertsLink = (filter: string | undefined): string => linkTo('/alerts', { filter }, search);
  const now = Date.now();

  return (
    <PanelFrame panel={panel} state={state} link={{ to: alertsLink(panel.filter), text: 'Alerts', label: `open the Alerts page (${panel.title})` }}>
      {!parsed.ok ? (
        <p className="state error" role="alert">
          The panel’s filter is not understood: {parsed.error}
        </p>
      ) : error !== undefined ? (
        <p className="state error" role="alert">
          Alerts could not be read: {error}. Check that the api is running; the panel retries on refresh.
        </p>
      ) : !loaded ? (
        <PanelLoading />
      ) : rows.length === 0 ? (
        <p className="state empty all-clear">
          <span aria-hidden="true">✓ </span>
          No alerts {pending ? 'firing or pending' : 'firing'}
          {panel.filter ? ` matching ${panel.filter}` : ''}.
        </p>
      ) : (
        <>
          <p className="panel-count">
            {firing} firing{pending ? `, ${rows.length - firing} pending` : ''}
          </p>
          <table className="state-list alerts-list">
            <caption className="visually-hidden">{panel.title}</caption>
            <thead>
              <tr>
                <th scope="col">alert</th>
                <th scope="col">severity</th>
                <th scope="col">labels</th>
                <th scope="col">since</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                // The row is clickable with a mouse; the link in its first cell is the keyboard's way in.
                <tr key={r.key} data-alert={r.name} onClick={(e) => (e.target as Element).closest('a') === null && navigate(alertsLink(r.filter))}>
                  <th scope="row">
                    <Link className="row-link" to={alertsLink(r.filter)} aria-label={`${r.name} ${r.keyLabels.join(' ')}: show on the Alerts page`}>
                      {r.name}
                    </Link>
                    {r.state === 'pending' ? (
                      <>
                        {' '}
                        <span className="badge pending">pending</span>
                      </>
                    ) : null}
                  </th>
                  <td>{r.severity !== undefined ? <span className={`badge ${r.state}`}>{r.severity}</span> : <span className="tone-muted">—</span>}</td>
                  <td>
                    <span className="labels">
                      {r.keyLabels.map((l) => (
                        <span className="label-chip" key={l}>
                          {l}
                        </span>
                      ))}
                      {r.moreLabels > 0 ? <span className="tone-muted">+{r.moreLabels}</span> : null}
                    </span>
                  </td>
                  <td className="since" title={r.activeAt ? new Date(r.activeAt).toLocaleString() : undefined}>
                    {r.activeAt ? `${formatSpan(Math.max(0, now - Date.parse(r.activeAt)))} ago` : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </PanelFrame>
  );
}
