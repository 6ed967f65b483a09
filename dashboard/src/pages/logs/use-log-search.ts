import { useCallback, useEffect, useRef, useState } from 'react';
import { searchLogs } from '../../api/logs-api.js';
import type { LogRecord } from '../../api/types.js';

export const PAGE_SIZE = 100;

export interface LogSearchState {
  /** Newest first; undefined until the first page answered. */
  readonly records: readonly LogRecord[] | undefined;
  readonly loading: boolean;
  readonly loadingMore: boolean;
  readonly error: string | undefined;
  /** Whether older records exist (the api gave a cursor). */
  readonly hasMore: boolean;
  readonly loadMore: () => void;
}

/**
 * The log search (`GET /api/v1/logs`), newest first, re-run when the query, the range or `tick` changes;
 * `loadMore` fetches the next, older page with the api's cursor (same query, start and end as the first page).
 */
export function useLogSearch(query: string, start: number, end: number, tick: number): LogSearchState {
  const [records, setRecords] = useState<LogRecord[] | undefined>(undefined);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const current = useRef<{ query: string; start: number; end: number; abort: AbortController } | undefined>(undefined);

  useEffect(() => {
    const abort = new AbortController();
    current.current?.abort.abort();
    current.current = { query, start, end, abort };
    setLoading(true);
    setLoadingMore(false);
    void searchLogs({ query, start, end, limit: PAGE_SIZE }, abort.signal).then((r) => {
      if (abort.signal.aborted) return;
      setLoading(false);
      if (r.ok) {
        setRecords(r.data.records);
        setCursor(r.data.nextCursor);
        setError(undefined);
      } else {
        setRecords(undefined);
        setCursor(null);
        setError(r.message);
      }
    });
    return () => abort.abort();
  }, [query, start, end, tick]);

  const loadMore = useCallback(() => {
    const page = current.current;
    if (!page || cursor === null || loadingMore) return;
    setLoadingMore(true);
    void searchLogs({ query: page.query, start: page.start, end: page.end, limit: PAGE_SIZE, cursor }, page.abort.signal).then((r) => {
      if (page.abort.signal.aborted) return;
      setLoadingMore(false);
      if (r.ok) {
        setRecords((old) => [...(old ?? []), ...r.data.records]);
        setCursor(r.data.nextCursor);
      } else setError(r.message);
    });
  }, [cursor, loadingMore]);

  return { records, loading, loadingMore, error, hasMore: cursor !== null, loadMore };
}
