import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { RELATIVE_CHOICES, describeRange, formatLocal, isRelative, parseRelativeInput, resolveRange, type TimeRange } from '../time/time-range.js';

/**
 * A button showing the range; it opens a dialog with relative presets, a custom relative range typed as Grafana
 * takes it (`2d`, `now-90m`) and an absolute from/to form (`<input type="datetime-local">`, local time). Every control is a native, focusable element. Opening moves the
 * focus to the current preset; Escape closes and gives the focus back to the button; a click outside or tabbing
 * out of the dialog closes it.
 */
export function TimeRangePicker({ value, onChange }: { value: TimeRange; onChange: (r: TimeRange) => void }): ReactNode {
  const [open, setOpen] = useState(false);
  const id = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const resolved = resolveRange(value, Date.now());
  const [from, setFrom] = useState(formatLocal(resolved.start * 1000));
  const [to, setTo] = useState(formatLocal(resolved.end * 1000));
  const [error, setError] = useState<string | undefined>(undefined);
  const [last, setLast] = useState('');
  const [lastError, setLastError] = useState<string | undefined>(undefined);

  const close = (returnFocus: boolean): void => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };
  useEffect(() => {
    if (!open) return undefined;
    const dialog = rootRef.current?.querySelector<HTMLElement>('.popover');
    (dialog?.querySelector<HTMLElement>('[aria-pressed="true"]') ?? dialog?.querySelector<HTMLElement>('button'))?.focus();
    const outside = (e: PointerEvent): void => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const toggle = (): void => {
    if (!open) {
      const r = resolveRange(value, Date.now());
      setFrom(formatLocal(r.start * 1000));
      setTo(formatLocal(r.end * 1000));
      setError(undefined);
      setLast(isRelative(value) ? value.from.slice('now-'.length) : '');
      setLastError(undefined);
    }
    setOpen(!open);
  };
  const apply = (e: FormEvent): void => {
    e.preventDefault();
    const f = new Date(from).getTime();
    const t = new Date(to).getTime();
    if (Number.isNaN(f) || Number.isNaN(t)) return setError('Enter both times.');
    if (f >= t) return setError('"From" must be before "to".');
    onChange({ from: String(f), to: String(t) });
    close(true);
  };
  const applyLast = (e: FormEvent): void => {
    e.preventDefault();
    const from = parseRelativeInput(last);
    if (from === undefined) return setLastError('Write a duration such as 90m, 12h, 2d or 2w (or now-2d).');
    onChange({ from, to: 'now' });
    close(true);
  };
  return (
    <div
      className="time-picker"
      ref={rootRef}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close(true);
        }
      }}
      onBlur={(e) => {
        if (open && e.relatedTarget instanceof Node && !e.currentTarget.contains(e.relatedTarget)) setOpen(false);
      }}
    >
      <button ref={buttonRef} type="button" aria-expanded={open} aria-controls={id} onClick={toggle} aria-label={`time range: ${describeRange(value)}`}>
        {describeRange(value)}
      </button>
      {open ? (
        <div className="popover" id={id} role="dialog" aria-label="choose a time range">
          <ul className="presets" aria-label="relative ranges">
            {RELATIVE_CHOICES.map((c) => (
              <li key={c.from}>
                <button
                  type="button"
                  aria-pressed={value.from === c.from && value.to === 'now'}
                  onClick={() => {
                    onChange({ from: c.from, to: 'now' });
                    close(true);
                  }}
                >
                  {c.label}
                </button>
              </li>
            ))}
          </ul>
          <form className="relative" onSubmit={applyLast} aria-label="custom relative range">
            <label>
              Last <input type="text" value={last} onChange={(e) => setLast(e.target.value)} placeholder="2d" size={8} aria-describedby={lastError ? `${id}-last-error` : undefined} />
            </label>
            {lastError ? (
              <p role="alert" id={`${id}-last-error`}>
                {lastError}
              </p>
            ) : null}
            <button type="submit">Apply relative range</button>
          </form>
          <form className="absolute" onSubmit={apply} aria-label="absolute range">
            <label>
              From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
            </label>
            <label>
              To <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
            </label>
            {error ? <p role="alert">{error}</p> : null}
            <button type="submit">Apply absolute range</button>
          </form>
        </div>
      ) : null}
    </div>
  );
}
