import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { parseDurationMs } from '../time/time-range.js';

export interface RefreshState {
  /** Changes on every refresh (button, auto-refresh, range change): panels refetch when it changes. */
  readonly tick: number;
  /** The instant relative ranges are resolved against, fixed per refresh so every panel shows the same window. */
  readonly nowMs: number;
  readonly refresh: () => void;
}

const RefreshContext = createContext<RefreshState>({ tick: 0, nowMs: Date.now(), refresh: () => undefined });

/** Provides the refresh tick; `interval` (`30s`, `1m`, `off`) re-runs it while the tab is visible. */
export function RefreshProvider({ interval, children }: { interval: string; children: ReactNode }): ReactNode {
  const [state, setState] = useState({ tick: 0, nowMs: Date.now() });
  const refresh = useCallback(() => setState((s) => ({ tick: s.tick + 1, nowMs: Date.now() })), []);
  useEffect(() => {
    const ms = parseDurationMs(interval);
    if (ms === undefined) return undefined;
    const id = setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, ms);
    return () => clearInterval(id);
  }, [interval, refresh]);
  const value = useMemo(() => ({ ...state, refresh }), [state, refresh]);
  return <RefreshContext.Provider value={value}>{children}</RefreshContext.Provider>;
}

export function useRefresh(): RefreshState {
  return useContext(RefreshContext);
}
