import { useEffect, useRef, useState } from 'react';
import { openLiveEvents, type LiveConnectionState } from '../../api/live-events.js';
import type { LogRecord } from '../../api/types.js';

/** Live lines kept on the page (newest first); older ones drop off (the search shows them). */
export const MAX_TAIL_RECORDS = 1000;

export interface LogTailState {
  /** New lines since live tail was switched on, newest first. */
  readonly records: readonly LogRecord[];
  readonly connection: LiveConnectionState | 'off';
  /** Why the stream is reconnecting or failed. */
  readonly detail: string | undefined;
}

/**
 * Live tail: `log` events of `GET /api/v1/events?topics=logs&logQuery=<query>` while `enabled`. A `reset` event
 * (the api no longer has the missed lines) calls `onReset` so the page searches again.
 */
export function useLogTail(query: string, enabled: boolean, onReset: () => void): LogTailState {
  const [records, setRecords] = useState<LogRecord[]>([]);
  const [connection, setConnection] = useState<LiveConnectionState | 'off'>('off');
  const [detail, setDetail] = useState<string | undefined>(undefined);
  const resetRef = useRef(onReset);
  resetRef.current = onReset;

  useEffect(() => {
    setRecords([]);
    setDetail(undefined);
    if (!enabled) {
      setConnection('off');
      return undefined;
    }
    const params = query.trim() === '' ? { topics: 'logs' } : { topics: 'logs', logQuery: query };
    const handle = openLiveEvents({
      params,
      onEvent: (name, data) => {
        if (name === 'log' && isLogRecord(data)) setRecords((old) => [data, ...old.slice(0, MAX_TAIL_RECORDS - 1)]);
        else if (name === 'reset') resetRef.current();
      },
      onState: (state, why) => {
        setConnection(state);
        setDetail(why);
      },
    });
    return () => handle.close();
  }, [query, enabled]);

  return { records, connection, detail };
}

function isLogRecord(v: unknown): v is LogRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.id === 'string' && typeof r.timestamp === 'number' && typeof r.level === 'string' && typeof r.message === 'string';
}
