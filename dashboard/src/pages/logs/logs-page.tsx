import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { searchLogs } from '../../api/logs-api.js';
import type { LogRecord } from '../../api/types.js';
import { useElementWidth } from '../../hooks/use-element-width.js';
import { useRefresh } from '../../shell/refresh-context.js';
import { useTimeRange, useUrlParam } from '../../shell/use-url-state.js';
import { stepForWidth } from '../../time/query-step.js';
import { resolveRange } from '../../time/time-range.js';
import { LiveTailToggle } from './live-status.js';
import { addFilter } from './log-query-filter.js';
import { LogRecordRow } from './log-record-row.js';
import { LogSearchForm } from './log-search-form.js';
import { LogVolumeChart } from './log-volume-chart.js';
import { useLogSearch } from './use-log-search.js';
import { useLogTail } from './use-log-tail.js';
import { useLogVolume } from './use-log-volume.js';
import './logs-page.css';

/** Pixels per histogram bar: the volume step is the range divided by (width / this), rounded up to a nice step. */
const BAR_PX = 6;
const CHART_HEIGHT = 140;

/**
 * Logs (issue 6): the log API's search over the shell's time range, a volume-by-level histogram, the records newest
 * first with "load older", expandable records whose values add filters, and live tail over SSE. The query
 * (`?query=`), the range (`from`, `to`) and live tail (`live=1`) are in the URL.
 */
export default function LogsPage(): ReactNode {
  const [urlQuery, setUrlQuery] = useUrlParam('query');
  const [liveParam, setLiveParam] = useUrlParam('live');
  const query = urlQuery ?? '';
  const live = liveParam === '1';
  const [draft, setDraft] = useState(query);
  const [range, setRange] = useTimeRange();
  const { tick, nowMs, refresh } = useRefresh();
  const { start, end } = resolveRange(range, nowMs);
  const chartRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(chartRef);
  const stepS = stepForWidth(start, end, Math.max(1, (width > 0 ? width : 800) / BAR_PX));

  useEffect(() => {
    document.title = 'Logs · Observability';
  }, []);
  useEffect(() => setDraft(query), [query]);

  const search = useLogSearch(query, start, end, tick);
  const volume = useLogVolume(query, start, end, stepS, tick);
  const tail = useLogTail(query, live, refresh);

  const runSearch = (text: string): void => {
    setDraft(text);
    if (text.trim() === query.trim()) refresh();
    else setUrlQuery(text.trim());
  };
  const onFilter = useCallback(
    (field: string, value: string, negate?: boolean) => setUrlQuery(addFilter(query, field, value, negate)),
    [query, setUrlQuery],
  );
  // Live lines first (those not already in the search answer), then the search's pages.
  const tailOnly = useMemo(() => {
    const seen = new Set((search.records ?? []).map((r) => r.id));
    return tail.records.filter((r) => !seen.has(r.id));
  }, [tail.records, search.records]);

  const queryError = search.error !== undefined && /invalid (query|parameter)/.test(search.error) ? { message: search.error, query } : undefined;
  return (
    <div className="logs-page">
      <h1>Logs</h1>
      <div className="logs-toolbar">
        <LogSearchForm draft={draft} onDraftChange={setDraft} onSearch={runSearch} error={queryError} />
        <LiveTailToggle live={live} onChange={(on) => setLiveParam(on ? '1' : undefined)} tail={tail} />
      </div>
      <section className="log-volume-panel" aria-label="log volume by level" ref={chartRef} hidden={queryError !== undefined}>
        {volume.error ? (
          <p className="state error" role="alert">
            Volume could not be read: {volume.error}
          </p>
        ) : volume.volume === undefined || width === 0 ? (
          <p className="state loading" role="status" style={{ height: CHART_HEIGHT }}>
            Loading volume…
          </p>
        ) : (
          <LogVolumeChart volume={volume.volume} width={width} height={CHART_HEIGHT} onZoom={(from, to) => setRange({ from: String(from), to: String(to) })} />
        )}
      </section>
      {queryError ? null : <Results search={search} tailOnly={tailOnly} query={query} onFilter={onFilter} />}
    </div>
  );
}

function Results(props: {
  search: ReturnType<typeof useLogSearch>;
  tailOnly: readonly LogRecord[];
  query: string;
  onFilter: (field: string, value: string, negate?: boolean) => void;
}): ReactNode {
  const { search, tailOnly, query, onFilter } = props;
  if (search.error) {
    return (
      <p className="state error" role="alert">
        Logs could not be searched: {search.error}
      </p>
    );
  }
  if (search.records === undefined) {
    return (
      <p className="state loading" role="status">
        Searching…
      </p>
    );
  }
  const count = tailOnly.length + search.records.length;
  return (
    <section className="log-results" aria-label="log lines" aria-busy={search.loading}>
      <p className="result-meta">
        {count === 0 ? 'No lines' : `${count}${search.hasMore ? '+' : ''} line${count === 1 ? '' : 's'}, newest first`}
        {search.loading ? ' · refreshing…' : ''}
      </p>
      {count === 0 ? <EmptyState query={query} /> : null}
      <ol className="log-list">
        {tailOnly.map((r) => (
          <LogRecordRow key={`live-${r.id}`} record={r} onFilter={onFilter} live />
        ))}
        {search.records.map((r) => (
          <LogRecordRow key={r.id} record={r} onFilter={onFilter} />
        ))}
      </ol>
      {search.hasMore ? (
        <button type="button" className="load-older" onClick={search.loadMore} disabled={search.loadingMore}>
          {search.loadingMore ? 'Loading…' : 'Load older lines'}
        </button>
      ) : count > 0 ? (
        <p className="result-meta">No older lines in this time range.</p>
      ) : null}
    </section>
  );
}

/** No lines: with a query, say so; without one, ask the api whether it has any log at all ("no logs yet" says how to send some). */
function EmptyState({ query }: { query: string }): ReactNode {
  const [anyLogs, setAnyLogs] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    if (query.trim() !== '') return undefined;
    const abort = new AbortController();
    void searchLogs({ query: '', start: 0, end: Math.ceil(Date.now() / 1000) + 86_400, limit: 1 }, abort.signal).then((r) => {
      if (!abort.signal.aborted) setAnyLogs(r.ok ? r.data.records.length > 0 : undefined);
    });
    return () => abort.abort();
  }, [query]);
  if (query.trim() !== '') {
    return <p className="state empty">No lines match this query in this time range: widen the range, or remove a filter.</p>;
  }
  if (anyLogs === false) {
    return (
      <p className="state empty">
        No logs yet: add a <code>logs.files</code> entry in the collector config (see collector/CONFIG.md) or send OTLP logs to <code>:4318</code>.
      </p>
    );
  }
  return <p className="state empty">No log lines in this time range: pick a wider range.</p>;
}
