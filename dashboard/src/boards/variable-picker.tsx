import { useEffect, useRef, useState, type ReactNode } from 'react';
import { labelValues } from '../api/prom-api.js';
import type { BoardVariable } from '../api/types.js';
import type { ResolvedRange } from '../time/time-range.js';
import { ALL_VALUE } from './variable-url.js';
import './variable-picker.css';

/**
 * A variable's picker, filled with its label's values over the range ("All" first when the variable allows it): a
 * labelled <select>, or for a `multi` variable a disclosure (<details>) holding a checkbox per value. `selected` empty
 * means All; `onChange([])` picks All.
 */
export function VariablePicker(props: {
  variable: BoardVariable;
  selected: readonly string[];
  onChange: (values: readonly string[]) => void;
  range: ResolvedRange;
  tick: number;
}): ReactNode {
  const { variable, range, tick, selected } = props;
  const [values, setValues] = useState<string[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    const abort = new AbortController();
    void labelValues(variable.label, variable.match ? [variable.match] : [], { start: Math.floor(range.start), end: Math.ceil(range.end) }, abort.signal).then((r) => {
      if (abort.signal.aborted) return;
      if (r.ok) {
        setValues(r.data);
        setError(undefined);
      } else setError(r.message);
    });
    return () => abort.abort();
    // Values are refreshed with the board, not on every small range move.
  }, [variable.label, variable.match, tick, Math.floor(range.start / 300)]);
  const id = `var-${variable.name}`;
  // Values picked earlier (a shared link) stay listed even when the range has none of them.
  const options = [...selected.filter((v) => !(values ?? []).includes(v)), ...(values ?? [])];
  return (
    <div className="variable">
      {variable.multi ? (
        <MultiPicker id={id} variable={variable} options={options} selected={selected} onChange={props.onChange} describedBy={error ? `${id}-error` : undefined} />
      ) : (
        <>
          <label htmlFor={id}>{variable.title}</label>
          <select
            id={id}
            value={selected[0] ?? (variable.includeAll ? ALL_VALUE : (values?.[0] ?? ''))}
            onChange={(e) => props.onChange(e.target.value === ALL_VALUE ? [] : [e.target.value])}
            aria-describedby={error ? `${id}-error` : undefined}
          >
            {variable.includeAll ? <option value={ALL_VALUE}>All</option> : null}
            {options.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </>
      )}
      {error ? (
        <span id={`${id}-error`} className="variable-error" role="alert">
          {error}
        </span>
      ) : values && values.length === 0 ? (
        <span className="variable-empty">no values yet</span>
      ) : null}
    </div>
  );
}

/**
 * Several values: the summary names the choice ("All", "/a, /b"); opened, a fieldset of checkboxes (Tab and Space),
 * applied as they are ticked. Escape or a click elsewhere closes it.
 */
function MultiPicker(props: {
  id: string;
  variable: BoardVariable;
  options: readonly string[];
  selected: readonly string[];
  onChange: (values: readonly string[]) => void;
  describedBy: string | undefined;
}): ReactNode {
  const { id, variable, options, selected } = props;
  const details = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return undefined;
    const onPointer = (e: PointerEvent): void => {
      if (details.current && !details.current.contains(e.target as Node)) details.current.open = false;
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);
  const text = selected.length === 0 ? 'All' : selected.length <= 2 ? selected.join(', ') : `${selected.slice(0, 2).join(', ')} +${selected.length - 2}`;
  const toggle = (value: string, on: boolean): void =>
    props.onChange(on ? [...selected, value].filter((v, i, a) => a.indexOf(v) === i) : selected.filter((v) => v !== value));
  return (
    <>
      <span className="variable-title" id={`${id}-title`}>
        {variable.title}
      </span>
      <details
        className="variable-multi"
        id={id}
        ref={details}
        onToggle={(e) => setOpen(e.currentTarget.open)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && details.current?.open) {
            details.current.open = false;
            details.current.querySelector('summary')?.focus();
          }
        }}
      >
        <summary aria-labelledby={`${id}-title ${id}-value`} aria-describedby={props.describedBy}>
          <span id={`${id}-value`}>{text}</span>
        </summary>
        <fieldset className="variable-options">
          <legend className="visually-hidden">{variable.title}: pick one or more values</legend>
          {variable.includeAll ? (
            <label>
              <input type="checkbox" checked={selected.length === 0} onChange={(e) => e.target.checked && props.onChange([])} /> All
            </label>
          ) : null}
          {options.map((v) => (
            <label key={v}>
              <input type="checkbox" value={v} checked={selected.includes(v)} onChange={(e) => toggle(v, e.target.checked)} /> {v}
            </label>
          ))}
        </fieldset>
      </details>
    </>
  );
}
