import { useEffect, useRef, useState, type ReactNode } from 'react';
import { NavLink, Outlet, useSearchParams } from 'react-router';
import { listBoards } from '../api/boards-api.js';
import type { BoardProblem, BoardSummary } from '../api/types.js';
import { RefreshPicker } from './refresh-picker.js';
import { RefreshProvider, useRefresh } from './refresh-context.js';
import { PageDefaultRangeProvider, usePageDefaultRange } from './page-default-range.js';
import { ThemeToggle } from './theme-toggle.js';
import { TokenForm } from './token-form.js';
import { TimeRangePicker } from './time-range-picker.js';
import { useTimeRange, useUrlParam } from './use-url-state.js';

/** Navigation (boards from the api, then the other pages), the time range, refresh and theme controls, then the page. */
export function AppShell(): ReactNode {
  const [refresh, setRefresh] = useUrlParam('refresh');
  return (
    <RefreshProvider interval={refresh ?? 'off'}>
      <PageDefaultRangeProvider>
        <ShellLayout refresh={refresh ?? 'off'} setRefresh={(v) => setRefresh(v === 'off' ? undefined : v)} />
      </PageDefaultRangeProvider>
    </RefreshProvider>
  );
}

function ShellLayout({ refresh, setRefresh }: { refresh: string; setRefresh: (v: string) => void }): ReactNode {
  // The picker shows the page's range: the URL's if it names one, else the page's default (a board's defaultRange).
  const [range, setRange] = useTimeRange(usePageDefaultRange());
  const [search] = useSearchParams();
  const { refresh: refreshNow, tick } = useRefresh();
  const [boards, setBoards] = useState<BoardSummary[]>([]);
  const [problems, setProblems] = useState<BoardProblem[]>([]);
  const [navError, setNavError] = useState<{ message: string; status: number } | undefined>(undefined);
  useEffect(() => {
    const abort = new AbortController();
    void listBoards(abort.signal).then((r) => {
      if (abort.signal.aborted) return;
      if (r.ok) {
        setBoards(r.data.boards);
        setProblems(r.data.problems);
        setNavError(undefined);
      } else setNavError({ message: r.message, status: r.status });
    });
    return () => abort.abort();
  }, [tick]);
  // A range change in the URL (picked, or back/forward) is a refresh: relative ranges are resolved against a new
  // "now". A page's default coming into effect is not: the page fetches with it when it mounts.
  const urlFrom = search.get('from');
  const urlTo = search.get('to');
  const firstRange = useRef(true);
  useEffect(() => {
    if (firstRange.current) firstRange.current = false;
    else refreshNow();
  }, [urlFrom, urlTo, refreshNow]);
  // Links keep the URL's parameters: a range the user picked stays from page to page; without one, each board
  // opens at its own defaultRange.
  const keep = (path: string): string => `${path}${window.location.search}`;
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <nav aria-label="main">
          <ul>
            {boards.map((b) => (
              <li key={b.name}>
                <NavLink to={keep(b.name === 'overview' ? '/' : `/boards/${b.name}`)} end>
                  {b.title}
                </NavLink>
              </li>
            ))}
            <li>
              <NavLink to={keep('/slos')}>SLOs</NavLink>
            </li>
            <li>
              <NavLink to={keep('/alerts')}>Alerts</NavLink>
            </li>
            <li>
              <NavLink to={keep('/logs')}>Logs</NavLink>
            </li>
            <li>
              <NavLink to={keep('/explore')}>Explore</NavLink>
            </li>
          </ul>
        </nav>
        <div className="controls">
          <TimeRangePicker value={range} onChange={setRange} />
          <RefreshPicker interval={refresh} onIntervalChange={setRefresh} onRefresh={refreshNow} />
          <ThemeToggle />
        </div>
      </header>
      {navError?.status === 401 || navError?.status === 403 ? (
        <TokenForm message={navError.message} />
      ) : navError ? (
        <p className="banner error" role="alert">
          Boards could not be listed: {navError.message}
        </p>
      ) : null}
      {problems.map((p) => (
        <p className="banner warning" role="alert" key={p.file}>
          Board file {p.file}
          {p.line !== undefined ? `:${p.line}` : ''}: {p.field ? `${p.field}: ` : ''}
          {p.message}
        </p>
      ))}
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
