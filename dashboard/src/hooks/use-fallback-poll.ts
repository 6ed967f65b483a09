import { useEffect, useState } from 'react';
import type { LiveConnectionState } from '../api/live-events.js';

/** Every 30 s while the live stream is not open (and the tab is visible): a counter to refetch on, so a page stays fresh without SSE. */
export function useFallbackPoll(state: LiveConnectionState, everyMs = 30_000): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    if (state === 'open') return undefined;
    const id = setInterval(() => {
      if (document.visibilityState === 'visible') setN((x) => x + 1);
    }, everyMs);
    return () => clearInterval(id);
  }, [state, everyMs]);
  return n;
}
