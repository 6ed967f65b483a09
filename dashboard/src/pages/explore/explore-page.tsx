import { useEffect, useRef, useState, type ReactNode } from 'react';
import { queryInstant, queryRange } from '../../api/prom-api.js';
import { useElementWidth } from '../../hooks/use-element-width.js';
import { toSeries, type SeriesData } from '../../panels/panel-data.js';
import { TableView } from '../../panels/table-view.js';
import { TimeseriesChart } from '../../panels/timeseries-chart.js';
import { useRefresh } from '../../shell/refresh-context.js';
import { useTimeRange, useUrlParam } from '../../shell/use-url-state.js';
import { stepForWidth } from '../../time/query-step.js';
import { resolveRange } from '../../time/time-range.js';
import { errorPosition, markErrorInQuery } from './error-position.js';
import { PromqlEditor } from './promql-editor.js';

type Result =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'error'; message: string; query: string }
  | { state: 'done'; series: SeriesData[]; resultType: string; stepS?: number; tookMs: number };

/**
 * Explore (as Prometheus's query page): a PromQL editor; Graph runs a range query over the picked time range
 * (one point per pixel column at most), Table an instant query at its end. The query and tab are in the URL.
 */
export default function ExplorePage(): ReactNode {
  const [expr, setExpr] = useUrlParam('expr');
  const [tab, setTab] = useUrlParam('tab');
  const view = tab === 'table' ? 'table' : 'graph';
  const [draft, setDraft] = useState(expr ?? '');
  const [result, setResult] = useState<Result>({ state: 'idle' });
  const [range] = useTimeRange();
  const { tick, nowMs } = useRefresh();
  const outRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(outRef);
  const resolved = resolveRange(range, nowMs);

  useEffect(() => {
    document.title = 'Explore · Observability';
  }, []);
  useEffect(() => setDraft(expr ?? ''), [expr]);

  const stepS = stepForWidth(resolved.start, resolved.end, width > 0 ? width : 800);
  useEffect(() => {
    if (expr === undefined || expr.trim() === '') return undefined;
    const abort = new AbortController();
    const started = performance.now();
    setResult({ state: 'loading' });
    const run = view === 'graph' ? queryRange(expr, resolved.start, resolved.end, stepS, abort.signal) : queryInstant(expr, resolved.end, abort.signal);
    void run.then((r) => {
      if (abort.signal.aborted) return;
      if (!r.ok) setResult({ state: 'error', message: r.message, query: expr });
      else
        setResult({
          state: 'done',
          series: toSeries(r.data, undefined),
          resultType: r.data.resultType,
          ...(view === 'graph' ? { stepS } : {}),
          tookMs: Math.round(performance.now() - started),
        });
    });
    return () => abort.abort();
  }, [expr, view, resolved.start, resolved.end, stepS, tick]);

  const execute = (text: string): void => {
    setDraft(text);
    if (text === expr) setResult({ state: 'loading' });
    setExpr(text);
  };
  return (
    <div className="explore">
      <h1>Explore</h1>
      <form
        className="explore-form"
        onSubmit={(e) => {
          e.preventDefault();
          execute(draft);
        }}
      >
        <PromqlEditor value={draft} onChange={setDraft} onRun={execute} label="PromQL query" />
        <button type="submit" className="primary">
          Run query
        </button>
      </form>
      {/* Tabs as WAI-ARIA describes them: one tab in the Tab order (the selected one), arrow keys switch. */}
      <div
        className="tabs"
        role="tablist"
        aria-label="result view"
        onKeyDown={(e) => {
          if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight' && e.key !== 'Home' && e.key !== 'End') return;
          e.preventDefault();
          const next = view === 'graph' ? 'table' : 'graph';
          const target = e.key === 'Home' ? 'graph' : e.key === 'End' ? 'table' : next;
          setTab(target === 'graph' ? undefined : target);
          e.currentTarget.querySelector<HTMLElement>(`#explore-tab-${target}`)?.focus();
        }}
      >
        {(['graph', 'table'] as const).map((t) => (
          <button
            key={t}
            id={`explore-tab-${t}`}
            type="button"
            role="tab"
            aria-selected={view === t}
            aria-controls="explore-result"
            tabIndex={view === t ? 0 : -1}
            onClick={() => setTab(t === 'graph' ? undefined : t)}
          >
            {t === 'graph' ? 'Graph (range)' : 'Table (instant)'}
          </button>
        ))}
      </div>
      <div className="explore-result" id="explore-result" role="tabpanel" aria-labelledby={`explore-tab-${view}`} ref={outRef}>
        <ResultView result={result} view={view} width={width} start={resolved.start} end={resolved.end} />
      </div>
    </div>
  );
}

function ResultView(props: { result: Result; view: 'graph' | 'table'; width: number; start: number; end: number }): ReactNode {
  const { result } = props;
  if (result.state === 'idle') return <p className="state empty">Type a PromQL expression and press Enter (Tab completes metric names, labels and functions).</p>;
  if (result.state === 'loading') return <p className="state loading" role="status">Running…</p>;
  if (result.state === 'error') {
    const pos = errorPosition(result.message);
    const mark = pos ? markErrorInQuery(result.query, pos) : undefined;
    return (
      <div className="state error" role="alert">
        <strong>Error{pos ? ` at line ${pos.line}, column ${pos.column}` : ''}:</strong> {result.message}
        {mark ? (
          <pre className="error-mark" aria-label="where the error is">
            {mark.line}
            {'\n'}
            <span className="caret">{mark.caret}</span>
          </pre>
        ) : null}
      </div>
    );
  }
  const meta = (
    <p className="result-meta">
      {result.series.length} series ({result.resultType}){result.stepS !== undefined ? `, step ${result.stepS}s` : ''}, {result.tookMs} ms
    </p>
  );
  if (result.series.length === 0) return <>{meta}<p className="state empty">No series matched: check the metric name and labels, or widen the time range.</p></>;
  if (props.view === 'table' || result.resultType === 'string') {
    return (
      <>
        {meta}
        <TableView series={result.series} unit="none" caption="query result" />
      </>
    );
  }
  return (
    <>
      {meta}
      <TimeseriesChart series={result.series} width={props.width} height={360} unit="short" startMs={props.start * 1000} endMs={props.end * 1000} label="query result" />
    </>
  );
}
