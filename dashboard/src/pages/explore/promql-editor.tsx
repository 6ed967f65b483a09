import { useEffect, useRef, type ReactNode } from 'react';
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, insertNewline } from '@codemirror/commands';
import { HighlightStyle, bracketMatching, syntaxHighlighting } from '@codemirror/language';
import { lintKeymap } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { PromQLExtension } from '@prometheus-io/codemirror-promql';
import { apiToken } from '../../api/api-client.js';

const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--syn-keyword)' },
  { tag: tags.function(tags.variableName), color: 'var(--syn-function)' },
  { tag: tags.labelName, color: 'var(--syn-label)' },
  { tag: tags.string, color: 'var(--syn-string)' },
  { tag: tags.number, color: 'var(--syn-number)' },
  { tag: tags.operator, color: 'var(--syn-operator)' },
  { tag: tags.comment, color: 'var(--muted)', fontStyle: 'italic' },
]);

const theme = EditorView.theme({
  '&': { background: 'var(--input)', color: 'var(--text)', border: '1px solid var(--border)', borderRadius: '4px', fontSize: '14px' },
  '&.cm-focused': { outline: '2px solid var(--accent)' },
  '.cm-content': { fontFamily: 'var(--mono)', caretColor: 'var(--text)', padding: '6px 0' },
  '.cm-tooltip': { background: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { background: 'var(--accent)', color: '#fff' },
});

/** Completion data comes from the api (the same Prometheus HTTP API), with the dashboard's token when one is set. */
function authorisedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const token = apiToken();
  const headers = new Headers(init?.headers);
  if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
}

/**
 * A CodeMirror 6 editor with `@prometheus-io/codemirror-promql`: highlighting, completion of metric names, labels,
 * label values and functions from the api, and the PromQL linter. Enter runs the query (Shift+Enter: new line).
 */
export function PromqlEditor(props: { value: string; onChange: (v: string) => void; onRun: (v: string) => void; label: string }): ReactNode {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    if (!host.current) return undefined;
    const promql = new PromQLExtension()
      .activateCompletion(true)
      .activateLinter(true)
      .setComplete({ remote: { url: window.location.origin, httpMethod: 'GET', fetchFn: authorisedFetch, lookbackInterval: 12 * 3600 * 1000 } });
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: latest.current.value,
        extensions: [
          theme,
          history(),
          closeBrackets(),
          bracketMatching(),
          autocompletion(),
          syntaxHighlighting(highlight),
          placeholder('PromQL, e.g. rate(http_request_duration_seconds_count[5m])'),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': latest.current.label }),
          keymap.of([
            { key: 'Enter', run: (ed) => (latest.current.onRun(ed.state.doc.toString()), true) },
            { key: 'Shift-Enter', run: insertNewline },
            ...closeBracketsKeymap,
            ...completionKeymap,
            ...defaultKeymap,
            ...historyKeymap,
            ...lintKeymap,
          ]),
          promql.asExtension(),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) latest.current.onChange(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
  }, []);

  // Outside changes (URL, history) replace the text.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== props.value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: props.value } });
  }, [props.value]);

  return <div className="promql-editor" ref={host} />;
}
