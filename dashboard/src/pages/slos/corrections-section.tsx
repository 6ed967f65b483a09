import { useState, type FormEvent, type ReactNode } from 'react';
import { createCorrection, deleteCorrection, type CorrectionJson } from '../../api/slo-api.js';
import { formatLocal } from '../../time/time-range.js';

/** The budget corrections of one SLO: a list with delete buttons and a form to add one (start, end, why). */
export function CorrectionsSection({ name, corrections, error, onChanged }: { name: string; corrections: readonly CorrectionJson[] | undefined; error?: string; onChanged: () => void }): ReactNode {
  const now = Date.now();
  const [start, setStart] = useState(formatLocal(now - 3_600_000));
  const [end, setEnd] = useState(formatLocal(now));
  const [description, setDescription] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const s = new Date(start).getTime();
    const t = new Date(end).getTime();
    if (Number.isNaN(s) || Number.isNaN(t)) return setProblem('give a start and an end time');
    if (t <= s) return setProblem('the end must be after the start');
    if (description.trim() === '') return setProblem('say why (e.g. "planned maintenance, CHG-1234")');
    setBusy(true);
    const r = await createCorrection(name, { start: new Date(s).toISOString(), end: new Date(t).toISOString(), description: description.trim() });
    setBusy(false);
    if (!r.ok) return setProblem(`the api refused the correction: ${r.message}`);
    setProblem(undefined);
    setDescription('');
    onChanged();
  };
  const remove = async (id: string): Promise<void> => {
    const r = await deleteCorrection(name, id);
    if (!r.ok) setProblem(`the correction could not be deleted: ${r.message}`);
    onChanged();
  };

  return (
    <section className="section" aria-labelledby="corrections-title">
      <h2 id="corrections-title">Budget corrections</h2>
      <p className="state">Time ranges left out of the SLI and the error budget (planned maintenance, an incident of a dependency). Burn rates are unchanged.</p>
      {error ? (
        <p className="state error" role="alert">
          Corrections could not be read: {error}
        </p>
      ) : corrections === undefined ? (
        <p className="state loading" role="status">
          Loading corrections…
        </p>
      ) : corrections.length === 0 ? (
        <p className="state empty">No corrections for this SLO.</p>
      ) : (
        <table>
          <caption className="visually-hidden">budget corrections</caption>
          <thead>
            <tr>
              <th scope="col">from</th>
              <th scope="col">to</th>
              <th scope="col">why</th>
              <th scope="col">added</th>
              <th scope="col">
                <span className="visually-hidden">actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {corrections.map((c) => (
              <tr key={c.id}>
                <td>{new Date(c.start).toLocaleString()}</td>
                <td>{new Date(c.end).toLocaleString()}</td>
                <td>{c.description}</td>
                <td>{new Date(c.createdAt).toLocaleString()}</td>
                <td>
                  <button type="button" onClick={() => void remove(c.id)} aria-label={`delete the correction "${c.description}"`}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="form-grid" onSubmit={(e) => void submit(e)} aria-label="add a budget correction">
        <label>
          from
          <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required />
        </label>
        <label>
          to
          <input type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} required />
        </label>
        <label style={{ flex: 1, minWidth: 220 }}>
          why
          <input type="text" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="planned maintenance, CHG-1234" maxLength={1000} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Add correction
        </button>
      </form>
      {problem ? (
        <p className="form-errors" role="alert">
          {problem}
        </p>
      ) : null}
    </section>
  );
}
