import { useEffect, useRef, useState, type ReactNode } from 'react';
import { queryRange } from '../../api/prom-api.js';
import { useElementWidth } from '../../hooks/use-element-width.js';
import { TimeseriesChart } from '../../panels/timeseries-chart.js';
import { toSeries, type SeriesData } from '../../panels/panel-data.js';
import { stepForWidth } from '../../time/query-step.js';

/**
 * Burn rate over the page's time range per window: the generated `slo:sli_error:ratio_rate<w>` recordings of the SLO
 * divided by its error budget (1 − target), so 1× spends the budget exactly over the SLO window. Pages at 14.4×.
 */
export function BurnRateChart(props: { name: string; groupBy: readonly string[]; budgetRatio: number; startS: number; endS: number; refreshKey: string }): ReactNode {
  const { name, groupBy, budgetRatio, startS, endS, refreshKey } = props;
  const groupKey = groupBy.join(',');
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref);
  const [state, setState] = useState<{ series?: SeriesData[]; error?: string }>({});
  const query = `{__name__=~"slo:sli_error:ratio_rate(5m|1h|6h|1d|3d)", sloth_id=${JSON.stringify(name)}} / ${budgetRatio > 0 ? budgetRatio : 1}`;
  useEffect(() => {
    if (width === 0) return undefined;
    const abort = new AbortController();
    const step = stepForWidth(startS, endS, width, 15);
    void queryRange(query, startS, endS, step, abort.signal).then((r) => {
      if (abort.signal.aborted) return;
      if (!r.ok) setState({ error: r.message });
      else {
        const order = ['5m', '1h', '6h', '1d', '3d'];
        const series = toSeries(r.data, undefined)
          .map((x) => {
            // The window, and for grouped SLOs the group (the SLO's own labels are the same on every series).
            const group = groupKey
              .split(',')
              .filter((k) => k !== '' && x.labels[k] !== undefined)
              .map((k) => `${k}=${x.labels[k]}`)
              .join(', ');
            return { ...x, name: `${x.labels.sloth_window ?? ''}${group !== '' ? ` ${group}` : ''}` };
          })
          .sort((a, b) => order.indexOf(a.name.split(' ')[0]) - order.indexOf(b.name.split(' ')[0]) || a.name.localeCompare(b.name));
        setState({ series });
      }
    });
    return () => abort.abort();
  }, [query, startS, endS, width, refreshKey, groupKey]);
  return (
    <div ref={ref} className="chart-box">
      {state.error ? (
        <p className="state error" role="alert">
          Burn rates could not be read: {state.error}
        </p>
      ) : state.series === undefined ? (
        <p className="state loading" role="status">
          Loading burn rates…
        </p>
      ) : state.series.length === 0 ? (
        <p className="state empty">
          No burn-rate series in this time range: the api writes <code>slo:sli_error:ratio_rate*</code> with the SLO&apos;s generated rules once it has evaluated them; pick a later range or wait an
          evaluation.
        </p>
      ) : (
        <TimeseriesChart
          series={state.series}
          width={width}
          height={220}
          unit="none"
          decimals={2}
          startMs={startS * 1000}
          endMs={endS * 1000}
          thresholds={[
            { value: 14.4, color: 'red' },
            { value: 6, color: 'orange' },
            { value: 1, color: 'yellow' },
          ]}
          label={`burn rate of ${name} per window (1 = budget spent exactly over the SLO window; page at 14.4)`}
        />
      )}
    </div>
  );
}
