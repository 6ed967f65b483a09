import { useState, type FormEvent, type ReactNode } from 'react';
import { createSilence } from '../../api/notify-api.js';
import { silenceBody, type MatcherDraft, type SilenceDraft } from './silence-draft.js';

const OPERATORS: ReadonlyArray<{ readonly op: string; readonly isRegex: boolean; readonly isEqual: boolean }> = [
  { op: '=', isRegex: false, isEqual: true },
  { op: '!=', isRegex: false, isEqual: false },
  { op: '=~', isRegex: true, isEqual: true },
  { op: '!~', isRegex: true, isEqual: false },
];

const opOf = (m: MatcherDraft): string => OPERATORS.find((o) => o.isRegex === m.isRegex && o.isEqual === m.isEqual)?.op ?? '=';

/** Create a silence: matchers (prefilled from an alert's labels), duration or end time, creator and comment. */
export function SilenceForm({ initial, onCreated, onCancel }: { initial: SilenceDraft; onCreated: (id: string) => void; onCancel: () => void }): ReactNode {
  const [draft, setDraft] = useState<SilenceDraft>(initial);
  const [errors, setErrors] = useState<readonly string[]>([]);
  const [busy, setBusy] = useState(false);
  const setMatcher = (i: number, m: Partial<MatcherDraft>): void =>
    setDraft((d) => ({ ...d, matchers: d.matchers.map((x, j) => (j === i ? { ...x, ...m } : x)) }));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const built = silenceBody(draft, Date.now());
    if (!built.ok) return setErrors(built.errors);
    setBusy(true);
    const r = await createSilence(built.body);
    setBusy(false);
    if (!r.ok) return setErrors([`the api refused the silence: ${r.message}`]);
    setErrors([]);
    onCreated(r.data.silenceID);
  };

  return (
    <form className="section silence-form" onSubmit={(e) => void submit(e)} aria-labelledby="silence-form-title">
      <h2 id="silence-form-title">New silence</h2>
      <fieldset>
        <legend>Matchers (alerts matching all of them are not sent to PagerDuty)</legend>
        {draft.matchers.map((m, i) => (
          <div className="form-grid matcher-row" key={i}>
            <label>
              label
              <input type="text" value={m.name} onChange={(e) => setMatcher(i, { name: e.target.value })} aria-label={`matcher ${i + 1} label`} />
            </label>
            <label>
              operator
              <select
                value={opOf(m)}
                aria-label={`matcher ${i + 1} operator`}
                onChange={(e) => {
                  const o = OPERATORS.find((x) => x.op === e.target.value) ?? OPERATORS[0];
                  setMatcher(i, { isRegex: o.isRegex, isEqual: o.isEqual });
                }}
              >
                {OPERATORS.map((o) => (
                  <option key={o.op}>{o.op}</option>
                ))}
              </select>
            </label>
            <label>
              value
              <input type="text" value={m.value} onChange={(e) => setMatcher(i, { value: e.target.value })} aria-label={`matcher ${i + 1} value`} />
            </label>
            <button type="button" onClick={() => setDraft((d) => ({ ...d, matchers: d.matchers.filter((_, j) => j !== i) }))} aria-label={`remove matcher ${i + 1}`}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setDraft((d) => ({ ...d, matchers: [...d.matchers, { name: '', value: '', isRegex: false, isEqual: true }] }))}>
          Add matcher
        </button>
      </fieldset>
      <div className="form-grid">
        <label>
          duration
          <input type="text" value={draft.duration} onChange={(e) => setDraft({ ...draft, duration: e.target.value })} placeholder="2h, 1d, 1h30m" size={8} />
        </label>
        <label>
          or until
          <input type="datetime-local" value={draft.endsAt} onChange={(e) => setDraft({ ...draft, endsAt: e.target.value })} />
        </label>
        <label>
          creator
          <input type="text" value={draft.createdBy} onChange={(e) => setDraft({ ...draft, createdBy: e.target.value })} placeholder="your name" autoComplete="name" />
        </label>
        <label style={{ flex: 1, minWidth: 240 }}>
          comment
          <input type="text" value={draft.comment} onChange={(e) => setDraft({ ...draft, comment: e.target.value })} placeholder="why: deploy CHG-1234, known issue …" />
        </label>
      </div>
      {errors.length > 0 ? (
        <ul className="form-errors" role="alert">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
      <div className="form-grid">
        <button type="submit" className="primary" disabled={busy}>
          Create silence
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
