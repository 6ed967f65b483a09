import type { ReactNode } from 'react';
import type { LogTailState } from './use-log-tail.js';

const LABELS: Readonly<Record<LogTailState['connection'], string>> = {
  off: 'off',
  connecting: 'connecting…',
  open: 'live',
  reconnecting: 'reconnecting…',
  failed: 'stopped',
  closed: 'off',
};

/** The live tail switch and the stream's state (connecting, live, reconnecting with the reason, stopped). */
export function LiveTailToggle(props: { live: boolean; onChange: (live: boolean) => void; tail: LogTailState }): ReactNode {
  const { connection, detail, records } = props.tail;
  return (
    <div className="live-tail">
      <button type="button" aria-pressed={props.live} onClick={() => props.onChange(!props.live)}>
        {props.live ? '■ Stop live tail' : '▶ Live tail'}
      </button>
      {props.live ? (
        <span className={`live-state ${connection}`} role="status" data-connection={connection}>
          <span className="live-dot" aria-hidden="true" /> {LABELS[connection]}
          {connection === 'open' ? ` · ${records.length} new line${records.length === 1 ? '' : 's'}` : ''}
          {(connection === 'reconnecting' || connection === 'failed') && detail ? `: ${detail}` : ''}
        </span>
      ) : null}
    </div>
  );
}
