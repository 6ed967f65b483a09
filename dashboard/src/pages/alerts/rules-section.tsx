import type { ReactNode } from 'react';
import type { PromRuleGroup } from '../../api/types.js';

/** Every rule group and rule: type, health, last evaluation, evaluation time and the last error. */
export function RulesSection({ groups, error }: { groups: readonly PromRuleGroup[] | undefined; error?: string }): ReactNode {
  const rows = (groups ?? []).flatMap((g) => g.rules.map((r, i) => ({ g, r, key: `${g.file}:${g.name}:${i}` })));
  return (
    <section className="section" aria-labelledby="rules-title">
      <h2 id="rules-title">Rules</h2>
      {error ? (
        <p className="state error" role="alert">
          Rules could not be read: {error}
        </p>
      ) : groups === undefined ? (
        <p className="state loading" role="status">
          Loading rules…
        </p>
      ) : rows.length === 0 ? (
        <p className="state empty">No rules loaded: add a Prometheus rule file in alert-rules/ (or list files in rules.files of the api config); SLO files add burn-rate rules.</p>
      ) : (
        <div className="table-wrap">
          <table className="rules-table">
            <caption className="visually-hidden">recording and alerting rules</caption>
            <thead>
              <tr>
                <th scope="col">group</th>
                <th scope="col">rule</th>
                <th scope="col">type</th>
                <th scope="col">state</th>
                <th scope="col">health</th>
                <th scope="col">last evaluation</th>
                <th scope="col" className="num">
                  eval time
                </th>
                <th scope="col">last error</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ g, r, key }) => (
                <tr key={key}>
                  <td title={g.file}>{g.name}</td>
                  <td>
                    <span title={r.query}>{r.name}</span>
                  </td>
                  <td>{r.type}</td>
                  <td>{r.type === 'alerting' ? <span className={`badge ${r.state}`}>{r.state}</span> : ''}</td>
                  <td className={r.health === 'ok' ? 'tone-ok' : r.health === 'err' ? 'tone-critical' : 'tone-muted'}>{r.health}</td>
                  <td>{r.lastEvaluation && !r.lastEvaluation.startsWith('0001') ? new Date(r.lastEvaluation).toLocaleTimeString() : 'never'}</td>
                  <td className="num">{(r.evaluationTime * 1000).toFixed(1)} ms</td>
                  <td className="tone-critical">{r.lastError ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
