import { useRef, type ReactNode } from 'react';
import type { Panel } from '../api/types.js';
import { interpolateQuery, type VariableChoice } from '../boards/interpolate-query.js';
import { useElementWidth } from '../hooks/use-element-width.js';
import type { ResolvedRange, TimeRange } from '../time/time-range.js';
import { AlertsListView } from './alerts-list-view.js';
import { BarView } from './bar-view.js';
import { emptyHint } from './empty-hint.js';
import { GaugeView } from './gauge-view.js';
import { PanelFrame, PanelLoading } from './panel-frame.js';
import { SloSummaryView } from './slo-summary-view.js';
import { StatView } from './stat-view.js';
import { TableView } from './table-view.js';
import { TimeseriesChart } from './timeseries-chart.js';
import { usePanelData } from './use-panel-data.js';

const CHART_HEIGHT = 220;

export interface PanelViewProps {
  readonly panel: Panel;
  readonly choices: Readonly<Record<string, VariableChoice>>;
  readonly range: ResolvedRange;
  /** The range as picked or defaulted (`now-6h`), for the Explore link: Explore opens on the same window. */
  readonly timeRange: TimeRange;
  readonly tick: number;
}

/** One board panel: the view for its type in the panel frame, with loading / error / empty states that say what to do. */
export function PanelView(props: PanelViewProps): ReactNode {
  switch (props.panel.type) {
    case 'slo-summary':
      return <SloSummaryView panel={props.panel} tick={props.tick} />;
    case 'alerts':
      return <AlertsListView panel={props.panel} tick={props.tick} />;
    default:
      return <QueryPanelView {...props} />;
  }
}

/** A panel drawing its PromQL queries (timeseries, stat, gauge, bar, table). */
function QueryPanelView({ panel, choices, range, timeRange, tick }: PanelViewProps): ReactNode {
  const bodyRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(bodyRef);
  const data = usePanelData(panel, choices, range, width, tick);
  // Explore gets the query as run: variables and built-in intervals filled in.
  const exploreQuery = interpolateQuery(panel.queries[0]?.query ?? '', choices, { rateInterval: '5m', interval: '1m', range: '1h' });
  const state = data.state === 'done' ? (data.series.length === 0 ? 'empty' : 'data') : data.state;
  return (
    <PanelFrame
      panel={panel}
      state={state}
      bodyRef={bodyRef}
      link={{
        to: exploreLink(exploreQuery, timeRange, window.location.search),
        text: 'Explore',
        label: `open ${panel.title} in Explore`,
      }}
    >
      {data.state === 'loading' ? (
        <PanelLoading />
      ) : data.state === 'error' ? (
        <div className="state error" role="alert">
          <strong>Query failed:</strong> {data.message}
          <code className="failed-query">{data.query}</code>
        </div>
      ) : data.series.length === 0 ? (
        <p className="state empty">{emptyHint(panel.queries.map((q) => q.query).join(' '))}</p>
      ) : (
        <PanelContent panel={panel} data={data.series} width={width} range={data.range} />
      )}
    </PanelFrame>
  );
}

function PanelContent({ panel, data, width, range }: { panel: Panel; data: Parameters<typeof StatView>[0]['series']; width: number; range: ResolvedRange }): ReactNode {
  switch (panel.type) {
    case 'timeseries':
      return (
        <TimeseriesChart
          series={data}
          width={width}
          height={CHART_HEIGHT}
          unit={panel.unit}
          currency={panel.currency}
          decimals={panel.decimals}
          thresholds={panel.thresholds}
          stacked={panel.stacked}
          startMs={range.start * 1000}
          endMs={range.end * 1000}
          label={panel.title}
        />
      );
    case 'stat':
      return <StatView panel={panel} series={data} />;
    case 'gauge':
      return <GaugeView panel={panel} series={data} />;
    case 'bar':
      return <BarView panel={panel} series={data} width={width} height={CHART_HEIGHT} />;
    case 'table':
      return <TableView series={data} unit={panel.unit} currency={panel.currency} decimals={panel.decimals} caption={panel.title} />;
    default:
      return null;
  }
}

/** `/explore?expr=...` with the page's parameters and the panel's range (a board's default range too, not only a picked one). */
function exploreLink(query: string, timeRange: TimeRange, search: string): string {
  const params = new URLSearchParams(search);
  params.delete('expr');
  params.set('from', timeRange.from);
  params.set('to', timeRange.to);
  return `/explore?expr=${encodeURIComponent(query)}&${params.toString()}`;
}
