import { useEffect, useState, type ReactNode } from 'react';
import { labelValues } from '../api/prom-api.js';
import type { BoardVariable } from '../api/types.js';
import type { ResolvedRange } from '../time/time-range.js';

export const ALL_VALUE = '$__all';

/** A labelled <select> of the variable's label values over the range; "All" first when the variable allows it. */
export function VariablePicker(props: {
  variable: BoardVariable;
  value: string | undefined;
  onChange: (value: string) => void;
  range: ResolvedRange;
  tick: number;
}): ReactNode {
  const { variable, range, tick } = props;
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
  const selected = props.value ?? (variable.includeAll ? ALL_VALUE : (values?.[0] ?? ''));
  return (
    <div className="variable">
      <label htmlFor={id}>{variable.title}</label>
      <select id={id} value={selected} onChange={(e) => props.onChange(e.target.value)} aria-describedby={error ? `${id}-error` : undefined}>
        {variable.includeAll ? <option value={ALL_VALUE}>All</option> : null}
        {props.value !== undefined && props.value !== ALL_VALUE && values && !values.includes(props.value) ? (
          <option value={props.value}>{props.value}</option>
        ) : null}
        {(values ?? []).map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
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
