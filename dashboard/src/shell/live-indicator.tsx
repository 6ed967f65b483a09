import type { ReactNode } from 'react';
import type { StreamState } from '../api/event-stream.js';
import './live-indicator.css';

const TEXT: Readonly<Record<StreamState, string>> = {
  connecting: 'connecting to live updates…',
  open: 'live',
  reconnecting: 'live updates lost: reconnecting (refreshing on the auto-refresh interval meanwhile)',
  closed: 'live updates off',
};

/** The visible connection state of the live event stream (a dot and a short text, announced politely). */
export function LiveIndicator({ state }: { state: StreamState }): ReactNode {
  return (
    <span className={`live-indicator ${state}`} role="status" aria-live="polite" title={TEXT[state]}>
      <span className="live-dot" aria-hidden="true" />
      {state === 'open' ? 'live' : state === 'connecting' ? 'connecting…' : state === 'reconnecting' ? 'reconnecting…' : 'not live'}
      <span className="visually-hidden">: {TEXT[state]}</span>
    </span>
  );
}
