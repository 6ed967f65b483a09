import { useEffect, useState, type ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { getBoard } from '../api/boards-api.js';
import type { Board } from '../api/types.js';
import type { VariableChoice } from '../boards/interpolate-query.js';
import { VariablePicker } from '../boards/variable-picker.js';
import { variableChoice, withVariableValues } from '../boards/variable-url.js';
import { BoardLiveEvents, useBoardLive } from '../panels/board-live-events.js';
import { PanelView } from '../panels/panel-view.js';
import { LiveIndicator } from '../shell/live-indicator.js';
import { useDeclarePageDefaultRange } from '../shell/page-default-range.js';
import { useRefresh } from '../shell/refresh-context.js';
import { useTimeRange } from '../shell/use-url-state.js';
import { resolveRange } from '../time/time-range.js';

type BoardState = { state: 'loading' } | { state: 'error'; message: string; status: number } | { state: 'done'; board: Board };

/** A board from dashboard/boards: its variables, then its rows of panels. `/` shows the board named `overview`. */
export function BoardPage({ name: fixedName }: { name?: string }): ReactNode {
  const params = useParams();
  const name = fixedName ?? params.name ?? 'overview';
  const [state, setState] = useState<BoardState>({ state: 'loading' });
  const { tick, nowMs } = useRefresh();
  const [search, setSearch] = useSearchParams();
  // The board's defaultRange unless the URL names a range; the shell's picker is told it so it shows the same.
  const defaultRange = state.state === 'done' ? state.board.defaultRange : undefined;
  const [timeRange] = useTimeRange(defaultRange);
  useDeclarePageDefaultRange(defaultRange);

  useEffect(() => {
    const abort = new AbortController();
    setState({ state: 'loading' });
    void getBoard(name, abort.signal).then((r) => {
      if (abort.signal.aborted) return;
      setState(r.ok ? { state: 'done', board: r.data } : { state: 'error', message: r.message, status: r.status });
    });
    return () => abort.abort();
  }, [name]);

  useEffect(() => {
    document.title = state.state === 'done' ? `${state.board.title} · Observability` : 'Observability';
  }, [state]);

  if (state.state === 'loading') return <p className="state loading page-state" role="status">Loading board “{name}”…</p>;
  if (state.state === 'error') {
    return (
      <div className="state error page-state" role="alert">
        <h2>Board “{name}” cannot be shown</h2>
        <p>{state.message}</p>
        <p>
          {state.status === 404
            ? 'Add the file to dashboard/boards/ (or the boards folder in the api config); the board list is in the navigation.'
            : state.status === 400
              ? 'Fix the file at the line and field named above and reload: boards are read on every request.'
              : 'Check that the api is running and reachable, then reload.'}
        </p>
      </div>
    );
  }
  const board = state.board;
  const range = resolveRange(timeRange, nowMs);
  const choices: Record<string, VariableChoice> = {};
  for (const v of board.variables) choices[v.name] = variableChoice(v, search);
  const setVariable = (variable: string, values: readonly string[]): void => setSearch((p) => withVariableValues(p, variable, values));
  // slo-summary and alerts panels update live: one event stream for the board.
  const live = board.rows.some((r) => r.panels.some((p) => p.type === 'slo-summary' || p.type === 'alerts'));
  const content = (
    <div className="board">
      <div className="board-header">
        <h1>{board.title}</h1>
        {live ? <BoardLiveState /> : null}
        {board.description ? <p className="board-description">{board.description}</p> : null}
      </div>
      {board.variables.length > 0 ? (
        <div className="variables" role="group" aria-label="board variables">
          {board.variables.map((v) => (
            <VariablePicker
              key={v.name}
              variable={v}
              selected={chosenValues(choices[v.name])}
              onChange={(values) => setVariable(v.name, values)}
              range={range}
              tick={tick}
            />
          ))}
        </div>
      ) : null}
      {board.rows.map((row) => (
        <section className="board-row" key={row.title} aria-label={row.title}>
          <h2>{row.title}</h2>
          <div className="panel-grid">
            {row.panels.map((panel, i) => (
              <PanelView key={`${row.title}-${i}`} panel={panel} choices={choices} range={range} timeRange={timeRange} tick={tick} />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
  return live ? <BoardLiveEvents>{content}</BoardLiveEvents> : content;
}

/** The values picked for a variable; none for All. */
function chosenValues(choice: VariableChoice): readonly string[] {
  return choice.all ? [] : choice.values;
}

function BoardLiveState(): ReactNode {
  return <LiveIndicator state={useBoardLive().state} />;
}
