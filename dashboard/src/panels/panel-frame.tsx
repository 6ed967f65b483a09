import type { ReactNode, Ref } from 'react';
import { Link } from 'react-router';
import type { Panel } from '../api/types.js';

/** What a panel shows. */
export type PanelState = 'loading' | 'error' | 'data' | 'empty';

/**
 * A panel's frame: the titled `.panel` section, a link at the top right, and the body. Its `data-state` is `loading`,
 * `error` or `done` (tests, the bench and the demo-stack test wait for no `.panel[data-state="loading"]`), and
 * `data-empty` says whether a done panel had nothing to show.
 */
export function PanelFrame(props: {
  panel: Panel;
  state: PanelState;
  link: { readonly to: string; readonly text: string; readonly label: string };
  bodyRef?: Ref<HTMLDivElement>;
  children: ReactNode;
}): ReactNode {
  const { panel } = props;
  const titleId = `panel-${panel.title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section
      className="panel"
      style={{ gridColumn: `span ${panel.width}` }}
      aria-labelledby={titleId}
      data-state={props.state === 'data' || props.state === 'empty' ? 'done' : props.state}
      data-empty={props.state === 'empty' ? 'true' : undefined}
      data-type={panel.type}
    >
      <header className="panel-header">
        <h3 id={titleId} title={panel.description}>
          {panel.title}
        </h3>
        <Link className="panel-explore" to={props.link.to} aria-label={props.link.label}>
          {props.link.text}
        </Link>
      </header>
      <div className={`panel-body panel-${panel.type}`} ref={props.bodyRef}>
        {props.children}
      </div>
    </section>
  );
}

/** Loading and error bodies shared by every panel type. */
export function PanelLoading(): ReactNode {
  return (
    <p className="state loading" role="status">
      Loading…
    </p>
  );
}

/** The range and refresh of the current URL (`from`, `to`, `refresh`), to keep on a link to another page. */
export function keptSearch(search: string): string {
  const current = new URLSearchParams(search);
  const kept = new URLSearchParams();
  for (const name of ['from', 'to', 'refresh']) {
    const v = current.get(name);
    if (v !== null) kept.set(name, v);
  }
  return kept.toString();
}

/** `path` with `params` and the kept range (`/alerts?filter=...&from=now-6h`). */
export function linkTo(path: string, params: Readonly<Record<string, string | undefined>>, search: string): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const kept = keptSearch(search);
  const all = [q.toString(), kept].filter((s) => s !== '').join('&');
  return all === '' ? path : `${path}?${all}`;
}
