import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { LiveConnectionState } from '../api/live-events.js';
import { useEventStream, type LiveEvent } from '../hooks/use-event-stream.js';
import { useFallbackPoll } from '../hooks/use-fallback-poll.js';

export interface BoardLive {
  readonly state: LiveConnectionState;
  /** Changes after `alert` events (coalesced), a `reset`, or a fallback poll while the stream is down: refetch alerts. */
  readonly alertsKey: number;
  /** Changes after `slo` events (coalesced), a `reset`, or a fallback poll: refetch the SLOs. */
  readonly slosKey: number;
}

const NOT_LIVE: BoardLive = { state: 'closed', alertsKey: 0, slosKey: 0 };
const BoardLiveContext = createContext<BoardLive>(NOT_LIVE);
/** Events closer together than this cause one refetch (the SLO engine sends one `slo` event per SLO per evaluation). */
const COALESCE_MS = 500;

/**
 * One stream of the api's `alerts` and `slos` events for a whole board (a stream per panel would take a browser
 * connection each), turned into refetch keys for its slo-summary and alerts panels.
 */
export function BoardLiveEvents({ children }: { children: ReactNode }): ReactNode {
  const [keys, setKeys] = useState({ alerts: 0, slos: 0 });
  const timers = useRef<{ alerts?: ReturnType<typeof setTimeout>; slos?: ReturnType<typeof setTimeout> }>({});
  const bump = useCallback((which: 'alerts' | 'slos') => {
    if (timers.current[which] !== undefined) return;
    timers.current[which] = setTimeout(() => {
      timers.current[which] = undefined;
      setKeys((k) => ({ ...k, [which]: k[which] + 1 }));
    }, COALESCE_MS);
  }, []);
  useEffect(
    () => () => {
      clearTimeout(timers.current.alerts);
      clearTimeout(timers.current.slos);
    },
    [],
  );
  const onEvent = useCallback(
    (e: LiveEvent) => {
      // An alert transition changes an SLO's status too (burning: its burn-rate alerts fire).
      if (e.name === 'alert' || e.name === 'reset') {
        bump('alerts');
        bump('slos');
      } else if (e.name === 'slo') bump('slos');
    },
    [bump],
  );
  const state = useEventStream(['alerts', 'slos'], onEvent);
  const poll = useFallbackPoll(state);
  const value = useMemo(() => ({ state, alertsKey: keys.alerts + poll, slosKey: keys.slos + poll }), [state, keys, poll]);
  return <BoardLiveContext.Provider value={value}>{children}</BoardLiveContext.Provider>;
}

/** The board's live refetch keys; outside BoardLiveEvents: never changes (state `closed`). */
export function useBoardLive(): BoardLive {
  return useContext(BoardLiveContext);
}
