import { Fragment, useCallback, useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { listSlos, type SloGroupJson, type SloJson, type SloList } from '../../api/slo-api.js';
import { useEventStream, type LiveEvent } from '../../hooks/use-event-stream.js';
import { useFallbackPoll } from '../../hooks/use-fallback-poll.js';
import { LiveIndicator } from '../../shell/live-indicator.js';
import { useRefresh } from '../../shell/refresh-context.js';
import { BudgetBar } from '../../panels/budget-bar.js';
import { BurnRateCells, BurnRateHeaders } from './burn-rate-cells.js';
import { formatExhaustion, formatPercent, sloStatus } from '../../format/slo-format.js';
import { firingBySlo, useAlerts } from '../../hooks/use-alerts.js';
import './slos.css';

/** Every SLO (as Pyrra's list): status, SLI vs objective, error budget, burn rates per window, time to exhaustion, alerts. */
export function SlosPage(): ReactNode {
  const { tick } = useRefresh();
  const [data, setData] = useState<{ list?: SloList; error?: string }>({});
  const [alertsKey, setAlertsKey] = useState(0);
  const [resetKey, setResetKey] = useState(0);
  const onEvent = useCallback((e: LiveEvent) => {
    if (e.name === 'slo') {
      const slo = e.data as SloJson;
      setData((d) => (d.list ? { list: { ...d.list, slos: d.list.slos.map((s) => (s.name === slo.name ? slo : s)) } } : d));
    } else if (e.name === 'alert') setAlertsKey((k) => k + 1);
    else if (e.name === 'reset') {
      // Events were missed: read everything again.
      setResetKey((k) => k + 1);
      setAlertsKey((k) => k + 1);
    }
  }, []);
  const live = useEventStream(['slos', 'alerts'], onEvent);
  const poll = useFallbackPoll(live);
  useEffect(() => {
    document.title = 'SLOs · Observability';
    const abort = new AbortController();
    void listSlos(abort.signal).then((r) => {
      if (!abort.signal.aborted) setData(r.ok ? { list: r.data } : { error: r.message });
    });
    return () => abort.abort();
  }, [tick, poll, resetKey]);
  const { alerts } = useAlerts(`${tick}:${poll}:${alertsKey}`);
  const firing = firingBySlo(alerts);

  return (
    <div>
      <div className="page-head">
        <h1>SLOs</h1>
        <LiveIndicator state={live} />
      </div>
      {data.list?.problems.map((p) => (
        <p className="banner warning" role="alert" key={p}>
          SLO file left out: {p}
        </p>
      ))}
      {data.error ? (
        <p className="state error" role="alert">
          SLOs could not be read: {data.error}. Check that the api is running; this page retries on refresh.
        </p>
      ) : data.list === undefined ? (
        <p className="state loading" role="status">
          Loading SLOs…
        </p>
      ) : data.list.slos.length === 0 ? (
        <p className="state empty">
          No SLOs yet: add a file in <code>slo/</code> (Sloth <code>prometheus/v1</code> or OpenSLO <code>openslo/v1</code>; see slo/README.md) or set{' '}
          <code>slo.files</code> in the api config. The api picks up new files without a restart.
        </p>
      ) : (
        <SloTable slos={data.list.slos} firing={firing} />
      )}
    </div>
  );
}

function SloTable({ slos, firing }: { slos: readonly SloJson[]; firing: Map<string, number> }): ReactNode {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (name: string): void =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  return (
    <div className="table-wrap slo-list">
      <table className="slo-table">
        <caption className="visually-hidden">service level objectives</caption>
        <thead>
          <tr>
            <th scope="col">name</th>
            <th scope="col">status</th>
            <th scope="col">window</th>
            <th scope="col" className="num">
              objective
            </th>
            <th scope="col" className="num">
              SLI
            </th>
            <th scope="col">error budget</th>
            <BurnRateHeaders />
            <th scope="col">exhaustion</th>
            <th scope="col" className="num">
              alerts
            </th>
          </tr>
        </thead>
        <tbody>
          {slos.map((s) => {
            const grouped = s.groupBy.length > 0 && s.groups.length > 0;
            const isOpen = open.has(s.name);
            const status = sloStatus(s, firing.get(s.name) ?? 0);
            return (
              <Fragment key={s.name}>
                <tr data-slo={s.name}>
                  <th scope="row">
                    {grouped ? (
                      <button
                        type="button"
                        className="expand"
                        aria-expanded={isOpen}
                        aria-label={`${isOpen ? 'collapse' : 'expand'} the ${s.groups.length} groups of ${s.name}`}
                        onClick={() => toggle(s.name)}
                      >
                        {isOpen ? '▾' : '▸'}
                      </button>
                    ) : null}
                    <Link to={`/slos/${encodeURIComponent(s.name)}${window.location.search}`}>{s.displayName ?? s.name}</Link>
                    <span className="slo-service">
                      {s.service}
                      {grouped ? ` · by ${s.groupBy.join(', ')}` : ''}
                    </span>
                  </th>
                  <td className={`status tone-${status.tone}`}>
                    {status.text}
                    {s.errors.length > 0 ? <span className="slo-error">{s.errors.join('; ')}</span> : null}
                  </td>
                  <td>
                    {s.window.text} {s.window.kind === 'calendar' ? '(calendar)' : ''}
                  </td>
                  <td className="num">{formatPercent(s.objective.target)}</td>
                  <SliCells result={s.result} />
                  <td className="num">{firing.get(s.name) ?? 0}</td>
                </tr>
                {grouped && isOpen
                  ? s.groups.map((g) => (
                      <tr className="group-row" key={JSON.stringify(g.labels)}>
                        <th scope="row">
                          {Object.entries(g.labels)
                            .map(([k, v]) => `${k}=${v}`)
                            .join(', ')}
                        </th>
                        <td className={`status tone-${sloStatus({ ...s, result: g }, 0).tone}`}>{sloStatus({ ...s, result: g }, 0).text}</td>
                        <td />
                        <td />
                        <SliCells result={g} />
                        <td />
                      </tr>
                    ))
                  : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** SLI, budget, burn rates and time to exhaustion of the whole SLO or of one group. */
function SliCells({ result }: { result: SloGroupJson | null }): ReactNode {
  return (
    <>
      <td className="num">{formatPercent(result?.sli ?? null)}</td>
      <td>
        {result ? (
          <BudgetBar remaining={result.errorBudget.remaining} remainingMinutes={result.errorBudget.remainingMinutes} totalMinutes={result.errorBudget.totalMinutes} />
        ) : (
          <span className="tone-muted">no data</span>
        )}
      </td>
      <BurnRateCells result={result} />
      <td>{result ? formatExhaustion(result.timeToExhaustionMs) : '—'}</td>
    </>
  );
}
