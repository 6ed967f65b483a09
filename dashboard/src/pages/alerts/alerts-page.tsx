import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AlertTransition } from '@slo/api/types';
import type { PromAlert } from '../../api/types.js';
import { useEventStream, type LiveEvent } from '../../hooks/use-event-stream.js';
import { useFallbackPoll } from '../../hooks/use-fallback-poll.js';
import { LiveIndicator } from '../../shell/live-indicator.js';
import { useRefresh } from '../../shell/refresh-context.js';
import { useTimeRange, useUrlParam } from '../../shell/use-url-state.js';
import { resolveRange } from '../../time/time-range.js';
import { formatAlertFilter, matchesFilter, parseAlertFilter, type LabelFilter } from '../../format/alert-filter.js';
import { mergeHistory, type HistoryEntry } from './alert-history.js';
import { deliveryFinder, describeDelivery, type Delivery } from './delivery-state.js';
import { HistorySection } from './history-section.js';
import { RulesSection } from './rules-section.js';
import { emptyDraft, type SilenceDraft } from './silence-draft.js';
import { SilenceForm } from './silence-form.js';
import { SilencesSection } from './silences-section.js';
import { useAlertsData } from './use-alerts-data.js';
import '../slos/slos.css';
import './alerts.css';

/**
 * Alerts (as Alertmanager's and Prometheus's pages): firing and pending alerts with labels, annotations, since when and
 * the PagerDuty delivery state; silences (create, expire); rules with health; the history of transitions. `?filter=`
 * narrows alerts and history (`{alertname="X",team="db"}`, the notifier's links).
 */
export function AlertsPage(): ReactNode {
  const { tick, nowMs } = useRefresh();
  const [range] = useTimeRange();
  const [filterParam, setFilterParam] = useUrlParam('filter');
  const [filterText, setFilterText] = useState(filterParam ?? '');
  // The box follows the URL (back and forward, links from PagerDuty or the SLO page).
  useEffect(() => setFilterText(filterParam ?? ''), [filterParam]);
  useEffect(() => {
    document.title = 'Alerts · Observability';
  }, []);
  const [liveKey, setLiveKey] = useState(0);
  const [silencesKey, setSilencesKey] = useState(0);
  const [live, setLive] = useState<HistoryEntry[]>([]);
  const [draft, setDraft] = useState<SilenceDraft | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  const onEvent = useCallback((e: LiveEvent) => {
    if (e.name === 'alert') {
      const t = e.data as AlertTransition;
      setLive((l) => [{ at: t.at, from: t.from, to: t.to, labels: t.alert.labels, source: 'live' as const }, ...l].slice(0, 500));
      setLiveKey((k) => k + 1);
      // The notifier sends after its group wait: read the outbox again a little later.
      setTimeout(() => setLiveKey((k) => k + 1), 3000);
    } else if (e.name === 'reset') setLiveKey((k) => k + 1);
  }, []);
  const stream = useEventStream(['alerts'], onEvent);
  const poll = useFallbackPoll(stream);
  const { start, end } = resolveRange(range, nowMs);
  const data = useAlertsData(`${tick}:${poll}:${liveKey}`, String(silencesKey), start, end);

  const parsed = useMemo(() => parseAlertFilter(filterParam ?? ''), [filterParam]);
  const matchers: readonly LabelFilter[] = parsed.ok ? parsed.matchers : [];
  const findDelivery = useMemo(() => deliveryFinder(data.notifications.data?.notifications ?? []), [data.notifications.data]);
  const activeSilences = (data.silences.data ?? []).filter((s) => s.status.state === 'active');
  const silencedBy = (labels: Readonly<Record<string, string>>): string | undefined =>
    activeSilences.find((s) =>
      matchesFilter(
        labels,
        s.matchers.map((m) => ({ name: m.name, type: m.isRegex ? (m.isEqual === false ? '!~' : '=~') : m.isEqual === false ? '!=' : '=', value: m.value })),
      ),
    )?.id;
  const shownAlerts = (data.alerts.data ?? [])
    .filter((a) => matchesFilter(a.labels, matchers))
    .sort((a, b) => (a.state === b.state ? (a.labels.alertname ?? '').localeCompare(b.labels.alertname ?? '') : a.state === 'firing' ? -1 : 1));
  const history = mergeHistory(data.history.data ?? [], live, Math.max(60_000, data.historyStepS * 1500)).filter((h) => matchesFilter(h.labels, matchers));

  const applyFilter = (text: string): void => {
    setFilterText(text);
    setFilterParam(text.trim() === '' ? undefined : text.trim());
  };
  const newSilence = (labels: Readonly<Record<string, string>>): void => {
    setNotice(undefined);
    setDraft(emptyDraft(labels));
    requestAnimationFrame(() => document.getElementById('silence-form-title')?.scrollIntoView({ block: 'start' }));
  };
  const filterLabels = (): Record<string, string> => Object.fromEntries(matchers.filter((m) => m.type === '=').map((m) => [m.name, m.value]));

  return (
    <div>
      <div className="page-head">
        <h1>Alerts</h1>
        <LiveIndicator state={stream} />
      </div>
      <form
        className="alerts-filter"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          applyFilter(filterText);
        }}
      >
        <label htmlFor="alert-filter">Filter</label>
        <input id="alert-filter" type="search" value={filterText} onChange={(e) => setFilterText(e.target.value)} placeholder='{alertname="HighErrorRate", severity=~"page|critical"}' />
        <button type="submit">Apply</button>
        {filterParam ? (
          <button type="button" onClick={() => applyFilter('')}>
            Clear
          </button>
        ) : null}
      </form>
      {!parsed.ok ? (
        <p className="state error" role="alert">
          The filter is not understood: {parsed.error}. Showing every alert.
        </p>
      ) : null}
      {notice ? (
        <p className="banner" role="status">
          {notice}
        </p>
      ) : null}
      {draft ? (
        <SilenceForm
          key={JSON.stringify(draft.matchers)}
          initial={draft}
          onCancel={() => setDraft(undefined)}
          onCreated={(id) => {
            setDraft(undefined);
            setNotice(`Silence ${id} created.`);
            setSilencesKey((k) => k + 1);
          }}
        />
      ) : null}
      <section className="section" aria-labelledby="active-title">
        <div className="page-head">
          <h2 id="active-title">Firing and pending</h2>
          {data.notifications.data ? (
            <span className="counts" title="PagerDuty outbox">
              PagerDuty outbox: {data.notifications.data.counts.sent} sent · {data.notifications.data.counts.pending} pending · {data.notifications.data.counts.failed} failed
            </span>
          ) : null}
        </div>
        {data.alerts.error ? (
          <p className="state error" role="alert">
            Alerts could not be read: {data.alerts.error}
          </p>
        ) : data.alerts.data === undefined ? (
          <p className="state loading" role="status">
            Loading…
          </p>
        ) : shownAlerts.length === 0 ? (
          <p className="state empty">
            {data.alerts.data.length > 0
              ? `No alert matches the filter (${data.alerts.data.length} active in all).`
              : 'No alerts are firing or pending. Alerting rules are read from alert-rules/*.yaml (or rules.files in the api config) and from the SLOs’ burn-rate rules.'}
          </p>
        ) : (
          <AlertsTable
            alerts={shownAlerts}
            delivery={findDelivery}
            notificationsError={data.notifications.error}
            notificationsLoading={data.notifications.data === undefined && data.notifications.error === undefined}
            silencedBy={silencedBy}
            onSilence={newSilence}
            onFilter={(labels) => applyFilter(formatAlertFilter(Object.entries(labels).map(([name, value]) => ({ name, type: '=' as const, value }))))}
          />
        )}
      </section>
      <SilencesSection silences={data.silences.data} error={data.silences.error} onChanged={() => setSilencesKey((k) => k + 1)} onNew={() => newSilence(filterLabels())} />
      <HistorySection entries={history} error={data.history.error} loading={data.history.data === undefined} />
      <RulesSection groups={data.rules.data} error={data.rules.error} />
    </div>
  );
}

function AlertsTable(props: {
  alerts: readonly PromAlert[];
  delivery: (labels: Readonly<Record<string, string>>) => Delivery | undefined;
  notificationsError?: string;
  /** The outbox is not read yet: no delivery state to tell (rather than "not notified"). */
  notificationsLoading: boolean;
  silencedBy: (labels: Readonly<Record<string, string>>) => string | undefined;
  onSilence: (labels: Readonly<Record<string, string>>) => void;
  onFilter: (labels: Readonly<Record<string, string>>) => void;
}): ReactNode {
  return (
    <div className="table-wrap">
      <table className="alerts-table">
        <caption className="visually-hidden">firing and pending alerts</caption>
        <thead>
          <tr>
            <th scope="col">state</th>
            <th scope="col">alert</th>
            <th scope="col">labels</th>
            <th scope="col">annotations</th>
            <th scope="col">since</th>
            <th scope="col">PagerDuty</th>
            <th scope="col">
              <span className="visually-hidden">actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.alerts.map((a) => {
            const d = props.delivery(a.labels);
            const silenced = props.silencedBy(a.labels);
            const name = a.labels.alertname ?? '';
            return (
              <tr key={JSON.stringify(a.labels)} data-alert={name}>
                <td>
                  <span className={`badge ${a.state}`}>{a.state}</span>
                  {silenced ? (
                    <span className="badge silenced" title={`silenced by ${silenced}`}>
                      silenced
                    </span>
                  ) : null}
                </td>
                <td>{name}</td>
                <td>
                  <span className="labels">
                    {Object.entries(a.labels)
                      .filter(([k]) => k !== 'alertname')
                      .map(([k, v]) => (
                        <span className="label-chip" key={k}>
                          {k}={v}
                        </span>
                      ))}
                  </span>
                </td>
                <td>
                  <dl className="alert-annotations">
                    {Object.entries(a.annotations).map(([k, v]) => (
                      <div key={k}>
                        <dt>{k}</dt>
                        <dd>{/^https?:\/\//.test(v) ? <a href={v}>{v}</a> : v}</dd>
                      </div>
                    ))}
                  </dl>
                </td>
                <td title={a.activeAt}>{a.activeAt ? `${new Date(a.activeAt).toLocaleString()} (${ago(a.activeAt)})` : ''}</td>
                <td className={`delivery ${d?.state ?? 'none'}`} title={d ? `notification ${d.id}, dedup key ${d.dedupKey}, ${d.attempts} attempt(s), ${d.at}` : undefined}>
                  {props.notificationsError ? 'unknown (outbox not readable)' : props.notificationsLoading ? 'checking the outbox…' : describeDelivery(d)}
                </td>
                <td>
                  <button type="button" onClick={() => props.onSilence(a.labels)} aria-label={`silence ${name} ${Object.values(a.labels).join(' ')}`}>
                    Silence
                  </button>{' '}
                  <button type="button" onClick={() => props.onFilter(a.labels)} aria-label={`show only ${name}`}>
                    Only this
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function ago(iso: string): string {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m ago`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h ago`;
}
