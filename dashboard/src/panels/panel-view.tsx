import { useRef, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { Panel } from '../api/types.js';
import { interpolateQuery, type VariableChoice } from '../boards/interpolate-query.js';
import { useElementWidth } from '../hooks/use-element-width.js';
import type { ResolvedRange } from '../time/time-range.js';
import { BarView } from './bar-view.js';
import { emptyHint } from './empty-hint.js';
import { GaugeView } from './gauge-view.js';
import { StatView } from './stat-view.js';
import { TableView } from './table-view.js';
import { TimeseriesChart } from './timeseries-chart.js';
import { usePanelData } from './use-panel-data.js';

const CHART_HEIGHT = 220;

export interface PanelViewProps {
  readonly panel: Panel;
  readonly choices: Readonly<Record<string, VariableChoice>>;
  readonly range: ResolvedRange;
  readonly tick: number;
}

/** One board panel: title, the view for its type, and loading / error / empty states that say what to do. */
export function PanelView({ panel, choices, range, tick }: PanelViewProps): ReactNode {
  const bodyRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(bodyRef);
  const data = usePanelData(panel, choices, range, width, tick);
  const titleId = `panel-${panel.title.replace(/\W+/g, '-').toLowerCase()}`;
  // Explore gets the query as run: variables and built-in intervals filled in.
  const exploreQuery = interpolateQuery(panel.queries[0]?.query ?? '', choices, { rateInterval: '5m', interval: '1m', range: '1h' });
  return (
    <section className="panel" style={{ gridColumn: `span ${panel.width}` }} aria-labelledby={titleId} data-state={data.state}>
      <header className="panel-header">
        <h3 id={titleId} title={panel.description}>
          {panel.title}
        </h3>
        <Link className="panel-explore" to={`/explore?expr=${encodeURIComponent(exploreQuery)}${window.location.search.replace(/^\?/, '&').replace(/&expr=[^&]*/g, '')}`} aria-label={`open ${panel.title} in Explore`}>
          Explore
        </Link>
      </header>
      <div className={`panel-body panel-${panel.type}`} ref={bodyRef}>
        {data.state === 'loading' ? (
          <p className="state loading" role="status">
            Loading…
          </p>
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
      </div>
    </section>
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
  }
}
