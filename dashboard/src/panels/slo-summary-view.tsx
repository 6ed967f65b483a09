import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { listSlos, type SloList } from '../api/slo-api.js';
import type { Panel } from '../api/types.js';
import { parseAlertFilter } from '../format/alert-filter.js';
import { burnRateTone, formatBurnRate, formatPercent } from '../format/slo-format.js';
import { firingBySlo, useAlerts } from '../hooks/use-alerts.js';
import { useBoardLive } from './board-live-events.js';
import { BudgetBar } from './budget-bar.js';
import { linkTo, PanelFrame, PanelLoading, type PanelState } from './panel-frame.js';
import { sloSummary } from './slo-summary-rows.js';
import './service-level.css';

/**
 * A board's slo-summary panel: every SLO of /api/v1/slos (or those matching the panel's `slos` matchers over name,
 * service and labels) with its status as the SLOs page words and colours it, SLI vs objective, the error budget left
 * and the worst burn rate; a row opens /slos/<name>. Refetched on the board's refresh and on live `slo`/`alert` events.
 */
export function SloSummaryView({ panel, tick }: { panel: Panel; tick: number }): ReactNode {
  const live = useBoardLive();
  const { search } = useLocation();
  const navigate = useNavigate();
  const [data, setData] = useState<{ list?: SloList; error?: string }>({});
  useEffect(() => {
    const abort = new AbortController();
    void listSlos(abort.signal).then((r) => {
      if (!abort.signal.aborted) setData(r.ok ? { list: r.data } : { error: r.message });
    });
    return () => abort.abort();
  }, [tick, live.slosKey]);
  const alerts = useAlerts(`${tick}:${live.alertsKey}`);
  const parsed = useMemo(() => parseAlertFilter(panel.slos ?? ''), [panel.slos]);
  const summary = data.list && parsed.ok ? sloSummary(data.list.slos, parsed.matchers, firingBySlo(alerts.alerts)) : undefined;
  const state: PanelState = !parsed.ok || data.error ? 'error' : summary === undefined ? 'loading' : summary.rows.length === 0 ? 'empty' : 'data';
  const sloLink = (name: string): string => linkTo(`/slos/${encodeURIComponent(name)}`, {}, search);

  return (
    <PanelFrame panel={panel} state={state} link={{ to: linkTo('/slos', {}, search), text: 'SLOs', label: `open the SLOs page (${panel.title})` }}>
      {!parsed.ok ? (
        <p className="state error" role="alert">
          The panel’s slos matchers are not understood: {parsed.error}
        </p>
      ) : data.error ? (
        <p className="state error" role="alert">
          SLOs could not be read: {data.error}. Check that the api is running; the panel retries on refresh.
        </p>
      ) : summary === undefined ? (
        <PanelLoading />
      ) : summary.rows.length === 0 ? (
        <p className="state empty">
          {panel.slos
            ? `No SLO matches ${panel.slos} (${data.list?.slos.length ?? 0} SLOs in all).`
            : 'No SLOs yet: add a file in slo/ (Sloth prometheus/v1 or OpenSLO openslo/v1); the api picks it up without a restart.'}
        </p>
      ) : (
        <>
          <p className="panel-count">
            {summary.rows.length} SLO{summary.rows.length === 1 ? '' : 's'}, {summary.burning} burning/exhausted
            {alerts.error ? ' (alerts not readable: burning not known)' : ''}
          </p>
          <table className="state-list slo-summary">
            <caption className="visually-hidden">{panel.title}: service level objectives</caption>
            <thead>
              <tr>
                <th scope="col">SLO</th>
                <th scope="col">status</th>
                <th scope="col" className="num">
                  SLI / objective
                </th>
                <th scope="col">error budget</th>
                <th scope="col" className="num" title="the highest burn rate over the windows 5m to 3d">
                  worst burn
                </th>
              </tr>
            </thead>
            <tbody>
              {summary.rows.map((r) => (
                // The row is clickable with a mouse; the link in its first cell is the keyboard's way in.
                <tr key={r.name} data-slo={r.name} onClick={(e) => (e.target as Element).closest('a') === null && navigate(sloLink(r.name))}>
                  <th scope="row">
                    <Link className="row-link" to={sloLink(r.name)} title={r.service}>
                      {r.title}
                    </Link>
                  </th>
                  <td className={`status tone-${r.status.tone}`}>{r.status.text}</td>
                  <td className="num sli">
                    {formatPercent(r.result?.sli ?? null)} <span className="tone-muted">/ {formatPercent(r.objective)}</span>
                  </td>
                  <td>
                    {r.result ? (
                      <BudgetBar
                        compact
                        remaining={r.result.errorBudget.remaining}
                        remainingMinutes={r.result.errorBudget.remainingMinutes}
                        totalMinutes={r.result.errorBudget.totalMinutes}
                      />
                    ) : (
                      <span className="tone-muted">no data</span>
                    )}
                  </td>
                  <td
                    className={`num burn tone-${burnRateTone(r.worstBurn?.rate ?? null)}`}
                    title={r.worstBurn ? `burn rate over the last ${r.worstBurn.window}` : 'no events in any window'}
                  >
                    {formatBurnRate(r.worstBurn?.rate ?? null)} {r.worstBurn ? <span className="tone-muted">{r.worstBurn.window}</span> : null}
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
