import { useId, type FormEvent, type ReactNode } from 'react';
import { errorColumn } from './log-query-filter.js';

export interface LogSearchFormProps {
  readonly draft: string;
  readonly onDraftChange: (text: string) => void;
  readonly onSearch: (text: string) => void;
  /** The api's 400 message for the query being shown, if it was rejected. */
  readonly error?: { readonly message: string; readonly query: string } | undefined;
}

/** The search box (the log API's query language) with its syntax hint, and a rejected query with the position marked. */
export function LogSearchForm(props: LogSearchFormProps): ReactNode {
  const hintId = useId();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    props.onSearch(props.draft);
  };
  return (
    <form className="log-search" role="search" onSubmit={submit}>
      <label className="visually-hidden" htmlFor={`${hintId}-q`}>
        log query
      </label>
      <input
        id={`${hintId}-q`}
        className="log-query-input"
        type="search"
        value={props.draft}
        placeholder='e.g. timeout service:checkout -level:debug, "connection reset", (error OR fatal)'
        spellCheck={false}
        autoComplete="off"
        aria-describedby={hintId}
        aria-invalid={props.error !== undefined}
        onChange={(e) => props.onDraftChange(e.target.value)}
      />
      <button type="submit" className="primary">
        Search
      </button>
      <p id={hintId} className="log-syntax-hint">
        Words and <code>"phrases"</code>, <code>field:value</code> (<code>level</code>, <code>service</code>, <code>host</code>,{' '}
        <code>trace_id</code>, any attribute), <code>value*</code> prefix, <code>-</code> to exclude, <code>OR</code>, parentheses.
      </p>
      {props.error ? <QueryError message={props.error.message} query={props.error.query} /> : null}
    </form>
  );
}

/** The api's message, and the query with a caret under the character the api names (1-based `at position N`). */
export function QueryError({ message, query }: { message: string; query: string }): ReactNode {
  const column = errorColumn(message);
  const col = column === undefined ? undefined : Math.min(Math.max(column, 1), query.length + 1);
  return (
    <div className="state error log-query-error" role="alert">
      <strong>Invalid query{col !== undefined ? ` at position ${col}` : ''}:</strong> {message.replace(/^invalid query: /, '')}
      {col !== undefined ? (
        <pre className="error-mark" aria-label="where the error is">
          {query}
          {'\n'}
          <span className="caret">{`${' '.repeat(col - 1)}^`}</span>
        </pre>
      ) : null}
    </div>
  );
}
