import { useEffect, useState } from 'react';
import { logVolume } from '../../api/logs-api.js';
import type { LogVolumeResponse } from '../../api/types.js';

export type LogVolume = LogVolumeResponse['data'];

export interface LogVolumeState {
  readonly volume: LogVolume | undefined;
  readonly loading: boolean;
  readonly error: string | undefined;
}

/** Counts by level over time (`GET /api/v1/logs/volume`) with `stepS`-second buckets. */
export function useLogVolume(query: string, start: number, end: number, stepS: number, tick: number): LogVolumeState {
  const [state, setState] = useState<LogVolumeState>({ volume: undefined, loading: true, error: undefined });
  useEffect(() => {
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    void logVolume({ query, start, end, step: `${stepS}s` }, abort.signal).then((r) => {
      if (abort.signal.aborted) return;
      setState(r.ok ? { volume: r.data, loading: false, error: undefined } : { volume: undefined, loading: false, error: r.message });
    });
    return () => abort.abort();
  }, [query, start, end, stepS, tick]);
  return state;
}
