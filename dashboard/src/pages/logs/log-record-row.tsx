import { useId, useState, type ReactNode } from 'react';
import type { LogRecord } from '../../api/types.js';
import { levelColor } from './log-levels.js';

/** Adds `field:value` to the query (or `-field:value` with `negate`) and searches. */
export type AddFilter = (field: string, value: string, negate?: boolean) => void;

/** `2026-11-24 10:00:01.234` in local time. */
export function formatLogTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/**
 * One record: time, level, service and message on one line; the toggle shows every field. Service, host, trace and
 * span ids and attribute values are buttons that add the filter (and `−` buttons that exclude it).
 */
export function LogRecordRow({ record, onFilter, live }: { record: LogRecord; onFilter: AddFilter; live?: boolean }): ReactNode {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  return (
    <li className={`log-record${open ? ' open' : ''}${live ? ' live' : ''}`} data-level={record.level}>
      <div className="log-line">
        <button
          type="button"
          className="log-toggle"
          aria-expanded={open}
          aria-controls={detailsId}
          aria-label={`${open ? 'hide' : 'show'} all fields of the ${record.level} line at ${formatLogTime(record.timestamp)}`}
          onClick={() => setOpen(!open)}
        >
          {open ? '▾' : '▸'}
        </button>
        <time className="log-time" dateTime={new Date(record.timestamp).toISOString()}>
          {formatLogTime(record.timestamp)}
        </time>
        <span className="log-level" style={{ color: levelColor(record.level), borderColor: levelColor(record.level) }}>
          {record.level}
        </span>
        {record.service !== undefined ? (
          <button type="button" className="log-service filter-value" title={`filter service:${record.service}`} onClick={() => onFilter('service', record.service as string)}>
            {record.service}
          </button>
        ) : null}
        <span className="log-message">{record.message}</span>
      </div>
      {open ? <LogRecordDetails id={detailsId} record={record} onFilter={onFilter} /> : null}
    </li>
  );
}

function LogRecordDetails({ id, record, onFilter }: { id: string; record: LogRecord; onFilter: AddFilter }): ReactNode {
  const rows: [label: string, value: string | undefined, field: string | undefined][] = [
    ['timestamp', `${new Date(record.timestamp).toISOString()} (${record.timestamp} ms)`, undefined],
    ['level', record.level, 'level'],
    ['service', record.service, 'service'],
    ['host', record.host, 'host'],
    ['trace id', record.traceId, 'trace_id'],
    ['span id', record.spanId, 'span_id'],
  ];
  const attributes = Object.entries(record.attributes ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="log-details" id={id}>
      <pre className="log-full-message">{record.message}</pre>
      <dl>
        {rows.map(([label, value, field]) =>
          value === undefined ? null : (
            <FieldRow key={label} label={label} value={value} field={field} onFilter={onFilter} />
          ),
        )}
        {attributes.map(([k, v]) => (
          <FieldRow key={`a:${k}`} label={k} value={v} field={k} onFilter={onFilter} attribute />
        ))}
        <FieldRow label="id" value={record.id} onFilter={onFilter} />
      </dl>
    </div>
  );
}

function FieldRow(props: { label: string; value: string; field?: string; onFilter: AddFilter; attribute?: boolean }): ReactNode {
  const { label, value, field, onFilter } = props;
  return (
    <div className={`log-field${props.attribute ? ' attribute' : ''}`}>
      <dt>{label}</dt>
      <dd>
        {field === undefined ? (
          <span className="field-value">{value}</span>
        ) : (
          <>
            <button type="button" className="filter-value" title={`filter ${field}:${value}`} onClick={() => onFilter(field, value)}>
              {value}
            </button>
            <button type="button" className="filter-exclude" aria-label={`exclude ${field}:${value}`} title={`exclude ${field}:${value}`} onClick={() => onFilter(field, value, true)}>
              −
            </button>
          </>
        )}
      </dd>
    </div>
  );
}
