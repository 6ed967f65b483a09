import type { ReactNode } from 'react';
import type { LiveConnectionState } from '../api/live-events.js';
import './live-indicator.css';

const SHORT: Readonly<Record<LiveConnectionState, string>> = {
  connecting: 'connecting…',
  open: 'live',
  reconnecting: 'reconnecting…',
  failed: 'not live',
  closed: 'not live',
};

const LONG: Readonly<Record<LiveConnectionState, string>> = {
  connecting: 'connecting to live updates',
  open: 'live updates on',
  reconnecting: 'live updates lost: reconnecting; the page refreshes every 30 s meanwhile',
  failed: 'live updates unavailable; the page refreshes every 30 s',
  closed: 'live updates off',
};

/** The visible connection state of the live event stream (a coloured dot and a word; the full sentence as a tooltip). */
export function LiveIndicator({ state }: { state: LiveConnectionState }): ReactNode {
  return (
    <span className={`live-indicator ${state}`} role="status" title={LONG[state]}>
      <span className="live-dot" aria-hidden="true" />
      {SHORT[state]}
      <span className="visually-hidden">: {LONG[state]}</span>
    </span>
  );
}
