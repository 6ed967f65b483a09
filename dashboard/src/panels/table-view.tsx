import type { ReactNode } from 'react';
import type { Unit } from '../api/types.js';
import { formatValue } from '../format/format-value.js';
import { lastValue, type SeriesData } from './panel-data.js';

/** A row per series: its labels as columns (`__name__` first) and the latest value. */
export function TableView(props: { series: readonly SeriesData[]; unit: Unit; currency?: string; decimals?: number; caption: string }): ReactNode {
  const { series, unit } = props;
  const columns = [...new Set(series.flatMap((s) => Object.keys(s.labels)))].sort((a, b) =>
    a === '__name__' ? -1 : b === '__name__' ? 1 : a.localeCompare(b),
  );
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c === '__name__' ? 'metric' : c}
              </th>
            ))}
            <th scope="col" className="num">
              value
            </th>
          </tr>
        </thead>
        <tbody>
          {series.map((s, i) => {
            const v = lastValue(s);
            return (
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c}>{s.labels[c] ?? ''}</td>
                ))}
                <td className="num">{v === undefined ? '–' : formatValue(v, unit, { currency: props.currency, decimals: props.decimals })}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
