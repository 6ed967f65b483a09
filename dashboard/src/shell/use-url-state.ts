import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { pageRange } from '../time/page-range.js';
import type { TimeRange } from '../time/time-range.js';

/**
 * The time range in the URL (`?from=now-1h&to=now`), so a link shows the same window; without one, the page's
 * default (`pageDefault`, a board's `defaultRange` such as `6h`; else the last hour). Setting it writes the URL.
 */
export function useTimeRange(pageDefault?: string): [TimeRange, (r: TimeRange) => void] {
  const [params, setParams] = useSearchParams();
  const { range } = pageRange(params, pageDefault);
  const setRange = useCallback(
    (r: TimeRange) =>
      setParams((p) => {
        const next = new URLSearchParams(p);
        next.set('from', r.from);
        next.set('to', r.to);
        return next;
      }),
    [setParams],
  );
  return [range, setRange];
}

/** One URL search parameter as state (`refresh`, `var-instance`, `expr`, ...); setting '' or undefined removes it. */
export function useUrlParam(name: string): [string | undefined, (v: string | undefined, opts?: { replace?: boolean }) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(name) ?? undefined;
  const setValue = useCallback(
    (v: string | undefined, opts?: { replace?: boolean }) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          if (v === undefined || v === '') next.delete(name);
          else next.set(name, v);
          return next;
        },
        { replace: opts?.replace ?? false },
      ),
    [name, setParams],
  );
  return [value, setValue];
}
