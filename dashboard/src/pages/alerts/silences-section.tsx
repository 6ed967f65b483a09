import { useState, type ReactNode } from 'react';
import { expireSilence, type SilenceJson } from '../../api/notify-api.js';
import { formatAlertFilter } from '../../format/alert-filter.js';

const matcherText = (s: SilenceJson): string =>
  formatAlertFilter(s.matchers.map((m) => ({ name: m.name, type: m.isRegex ? (m.isEqual === false ? '!~' : '=~') : m.isEqual === false ? '!=' : '=', value: m.value })));

/** Active and pending silences with an Expire button; expired ones behind a toggle. */
export function SilencesSection({ silences, error, onChanged, onNew }: { silences: readonly SilenceJson[] | undefined; error?: string; onChanged: () => void; onNew: () => void }): ReactNode {
  const [showExpired, setShowExpired] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const expire = async (id: string): Promise<void> => {
    const r = await expireSilence(id);
    setProblem(r.ok ? undefined : `the silence could not be expired: ${r.message}`);
    onChanged();
  };
  const shown = (silences ?? []).filter((s) => showExpired || s.status.state !== 'expired');
  const expiredCount = (silences ?? []).filter((s) => s.status.state === 'expired').length;
  return (
    <section className="section" aria-labelledby="silences-title">
      <div className="page-head">
        <h2 id="silences-title">Silences</h2>
        <div className="form-grid">
          <label className="inline-check">
            <input type="checkbox" checked={showExpired} onChange={(e) => setShowExpired(e.target.checked)} /> show expired ({expiredCount})
          </label>
          <button type="button" onClick={onNew}>
            New silence
          </button>
        </div>
      </div>
      {problem ? (
        <p className="form-errors" role="alert">
          {problem}
        </p>
      ) : null}
      {error ? (
        <p className="state error" role="alert">
          Silences could not be read: {error}
          {/not enabled/.test(error) ? ' (set notify in the api config to route alerts to PagerDuty)' : ''}
        </p>
      ) : silences === undefined ? (
        <p className="state loading" role="status">
          Loading silences…
        </p>
      ) : shown.length === 0 ? (
        <p className="state empty">No active silences. Use “Silence” on an alert, or “New silence”, to stop notifications for matching alerts.</p>
      ) : (
        <div className="table-wrap">
          <table className="silences-table">
            <caption className="visually-hidden">silences</caption>
            <thead>
              <tr>
                <th scope="col">state</th>
                <th scope="col">matchers</th>
                <th scope="col">until</th>
                <th scope="col">creator</th>
                <th scope="col">comment</th>
                <th scope="col">
                  <span className="visually-hidden">actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((s) => (
                <tr key={s.id} data-silence={s.id}>
                  <td>
                    <span className={`badge silence-${s.status.state}`}>{s.status.state}</span>
                  </td>
                  <td className="code">{matcherText(s)}</td>
                  <td>{new Date(s.endsAt).toLocaleString()}</td>
                  <td>{s.createdBy}</td>
                  <td>{s.comment}</td>
                  <td>
                    {s.status.state !== 'expired' ? (
                      <button type="button" onClick={() => void expire(s.id)} aria-label={`expire the silence ${matcherText(s)}`}>
                        Expire
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
