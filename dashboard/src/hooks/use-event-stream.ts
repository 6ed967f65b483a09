import { useEffect, useRef, useState } from 'react';
import { openLiveEvents, type LiveConnectionState } from '../api/live-events.js';

/** The SSE topics of GET /api/v1/events (api/src/events/event-topics.ts). */
export type LiveTopic = 'alerts' | 'slos' | 'logs';

export interface LiveEvent {
  /** `alert`, `slo`, `log` or `reset` (events were missed: refetch). */
  readonly name: string;
  readonly data: unknown;
  readonly id: string | undefined;
}

/**
 * Subscribes to the api's live events (the shared openLiveEvents stream) while the component is mounted; answers the
 * connection state, for the indicator and to fall back to polling when it is not `open`. The handler may change
 * between renders.
 */
export function useEventStream(topics: readonly LiveTopic[], onEvent: (event: LiveEvent) => void): LiveConnectionState {
  const [state, setState] = useState<LiveConnectionState>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = topics.join(',');
  useEffect(() => {
    const handle = openLiveEvents({
      params: { topics: key },
      onEvent: (name, data, id) => handler.current({ name, data, id }),
      onState: (s) => setState(s),
    });
    return () => handle.close();
  }, [key]);
  return state;
}
