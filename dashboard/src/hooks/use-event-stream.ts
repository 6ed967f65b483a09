import { useEffect, useRef, useState } from 'react';
import { EventStream, type LiveEvent, type LiveTopic, type StreamState } from '../api/event-stream.js';

/**
 * Subscribes to the api's live events while the component is mounted; answers the connection state (for the
 * indicator, and to fall back to polling when not `open`). The handler may change between renders.
 */
export function useEventStream(topics: readonly LiveTopic[], onEvent: (event: LiveEvent) => void, logQuery?: string): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = topics.join(',');
  useEffect(() => {
    if (typeof EventSource === 'undefined') {
      setState('closed');
      return undefined;
    }
    const stream = new EventStream({
      topics: key.split(',') as LiveTopic[],
      ...(logQuery !== undefined ? { logQuery } : {}),
      onEvent: (e) => handler.current(e),
      onState: setState,
    });
    stream.start();
    return () => stream.close();
  }, [key, logQuery]);
  return state;
}
