import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { rules as fetchRules } from '../../api/prom-api.js';
import { getSlo, listCorrections, sloHistory, type CorrectionJson, type SloDetailJson, type SloHistory, type SloJson } from '../../api/slo-api.js';
import type { PromRuleGroup } from '../../api/types.js';
import { useEventStream, type LiveEvent } from '../../hooks/use-event-stream.js';
import { useFallbackPoll } from '../../hooks/use-fallback-poll.js';
import { LiveIndicator } from '../../shell/live-indicator.js';
import { useRefresh } from '../../shell/refresh-context.js';
import { useTimeRange } from '../../shell/use-url-state.js';
import { resolveRange } from '../../time/time-range.js';
import { BudgetBar } from '../../panels/budget-bar.js';
import { BurnDownChart } from './burn-down-chart.js';
import { BurnRateChart } from './burn-rate-chart.js';
import { BurnRateCells, BurnRateHeaders } from './burn-rate-cells.js';
import { CorrectionsSection } from './corrections-section.js';
import { SloAlertsSection } from './slo-alerts-section.js';
import { formatExhaustion, formatMinutes, formatPercent, sloStatus } from '../../format/slo-format.js';
import { useAlerts } from '../../hooks/use-alerts.js';
import './slos.css';

/** One SLO (Pyrra's detail): tiles, burn-down over the window with corrections, burn rates, its alerts, corrections. */
export function SloDetailPage(): ReactNode {
  const { name = '' } = useParams();
  const { tick, nowMs } = useRefresh();
  const [range] = useTimeRange();
  const [slo, setSlo] = useState<{ data?: SloDetailJson; error?: string; notFound?: boolean }>({});
  const [history, setHistory] = useState<{ data?: SloHistory; error?: string }>({});
  const [corrections, setCorrections] = useState<{ data?: CorrectionJson[]; error?: string }>({});
  const [groups, setGroups] = useState<{ data?: PromRuleGroup[]; error?: string }>({});
  const [changed, setChanged] = useState(0);
  const [alertsKey, setAlertsKey] = useState(0);
  const onEvent = useCallback(
    (e: LiveEvent) => {
      if (e.name === 'slo' && (e.data as SloJson).name === name) {
        const s = e.data as SloJson;
        setSlo((old) => (old.data ? { data: { ...old.data, ...s } } : old));
      } else if (e.name === 'alert' || e.name === 'reset') setAlertsKey((k) => k + 1);
    },
    [name],
  );
  const live = useEventStream(['slos', 'alerts'], onEvent);
  const poll = useFallbackPoll(live);
  const refreshKey = `${tick}:${poll}:${changed}`;

  useEffect(() => {
    document.title = `SLO ${name} · Observability`;
    const abort = new AbortController();
    void getSlo(name, abort.signal).then((r) => {
      if (!abort.signal.aborted) setSlo(r.ok ? { data: r.data } : { error: r.message, notFound: r.status === 404 });
    });
    void sloHistory(name, {}, abort.signal).then((r) => {
      if (!abort.signal.aborted) setHistory(r.ok ? { data: r.data } : { error: r.message });
    });
    void listCorrections(name, abort.signal).then((r) => {
      if (!abort.signal.aborted) setCorrections(r.ok ? { data: r.data } : { error: r.message });
    });
    return () => abort.abort();
  }, [name, refreshKey]);
  useEffect(() => {
    const abort = new AbortController();
    void fetchRules(abort.signal).then((r) => {
      if (!abort.signal.aborted) setGroups(r.ok ? { data: r.data.groups } : { error: r.message });
    });
    return () => abort.abort();
  }, [refreshKey, alertsKey]);
  const { alerts } = useAlerts(`${refreshKey}:${alertsKey}`);

  const back = (
    <p>
      <Link to={`/slos${window.location.search}`}>← all SLOs</Link>
    </p>
  );
  if (slo.error) {
    return (
      <div>
        {back}
        <h1>{name}</h1>
        <p className="state error" role="alert">
          {slo.notFound ? `No SLO named "${name}" is loaded: check its file in slo/ (a file with errors is listed on the SLOs page).` : `The SLO could not be read: ${slo.error}`}
        </p>
      </div>
    );
  }
  if (!slo.data) {
    return (
      <div>
        {back}
        <h1>{name}</h1>
        <p className="state loading" role="status">
          Loading…
        </p>
      </div>
    );
  }
  const s = slo.data;
  const r = s.result;
  const firing = alerts.filter((a) => a.labels.slo === name && a.state === 'firing').length;
  const status = sloStatus(s, firing);
  const { start, end } = resolveRange(range, nowMs);
  return (
    <div>
      {back}
      <div className="page-head">
        <h1>{s.displayName ?? s.name}</h1>
        <LiveIndicator state={live} />
      </div>
      <p className="board-description">
        {s.description ? `${s.description} · ` : ''}service {s.service} · {s.indicator.kind} SLI · {s.budgetingMethod} · window {s.window.text} ({s.window.kind}) · {s.source.file}:{s.source.line}
      </p>
      {s.errors.length > 0 ? (
        <p className="banner error" role="alert">
          Evaluation errors: {s.errors.join('; ')}
        </p>
      ) : null}
      <div className="tiles">
        <div className="tile">
          <h2>Status</h2>
          <div className={`big tone-${status.tone}`}>{status.text}</div>
        </div>
        <div className="tile">
          <h2>Objective</h2>
          <div className="big">{formatPercent(s.objective.target)}</div>
          <div className="tone-muted">{s.objective.displayName ?? `over ${s.window.text}`}</div>
        </div>
        <div className="tile">
          <h2>SLI</h2>
          <div className="big">{formatPercent(r?.sli ?? null)}</div>
          <div className="tone-muted">{r ? `${Math.round(r.good).toLocaleString()} good of ${Math.round(r.total).toLocaleString()}` : 'no data'}</div>
        </div>
        <div className="tile">
          <h2>Error budget</h2>
          {r ? <BudgetBar remaining={r.errorBudget.remaining} remainingMinutes={r.errorBudget.remainingMinutes} totalMinutes={r.errorBudget.totalMinutes} /> : <div className="big">no data</div>}
          {r ? <div className="tone-muted">{formatMinutes(r.errorBudget.consumedMinutes)} spent</div> : null}
        </div>
        <div className="tile">
          <h2>Exhaustion</h2>
          <div className="big">{r ? formatExhaustion(r.timeToExhaustionMs) : '—'}</div>
          <div className="tone-muted">at the {s.exhaustionBurnWindow} burn rate</div>
        </div>
      </div>
      <section className="section" aria-labelledby="burn-rates-title">
        <h2 id="burn-rates-title">Burn rates</h2>
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">burn rate per window</caption>
            <thead>
              <tr>
                <th scope="col">{s.groupBy.length > 0 ? s.groupBy.join(', ') : 'SLO'}</th>
                <BurnRateHeaders />
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">all</th>
                <BurnRateCells result={r} />
              </tr>
              {s.groups.length > 1 || s.groupBy.length > 0
                ? s.groups.map((g) => (
                    <tr key={JSON.stringify(g.labels)}>
                      <th scope="row">{Object.values(g.labels).join(', ')}</th>
                      <BurnRateCells result={g} />
                    </tr>
                  ))
                : null}
            </tbody>
          </table>
        </div>
      </section>
      <section className="section" aria-labelledby="burn-down-title">
        <h2 id="burn-down-title">Error budget burn-down over the window</h2>
        {history.error ? (
          <p className="state error" role="alert">
            The burn-down could not be read: {history.error}
          </p>
        ) : history.data ? (
          <BurnDownChart history={history.data} corrections={corrections.data ?? []} name={s.name} />
        ) : (
          <p className="state loading" role="status">
            Loading the burn-down…
          </p>
        )}
      </section>
      <section className="section" aria-labelledby="burn-chart-title">
        <h2 id="burn-chart-title">Burn rate over the selected time range</h2>
        <BurnRateChart name={s.name} groupBy={s.groupBy} budgetRatio={1 - s.objective.target} startS={start} endS={end} refreshKey={refreshKey} />
      </section>
      <SloAlertsSection name={s.name} groups={groups.data} alerts={alerts} error={groups.error} />
      <CorrectionsSection name={s.name} corrections={corrections.data} error={corrections.error} onChanged={() => setChanged((c) => c + 1)} />
      <section className="section" aria-labelledby="queries-title">
        <h2 id="queries-title">Queries</h2>
        <dl>
          {Object.entries(s.queries).map(([k, q]) => (
            <div key={k}>
              <dt className="tone-muted">{k}</dt>
              <dd className="code">{q}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
