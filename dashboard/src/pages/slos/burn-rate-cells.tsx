import type { ReactNode } from 'react';
import type { SloGroupJson } from '../../api/slo-api.js';
import { BURN_WINDOWS, burnRateTone, formatBurnRate } from '../../format/slo-format.js';

/** One table cell per burn-rate window (5m … 3d), coloured by the SRE Workbook factors. */
export function BurnRateCells({ result }: { result: SloGroupJson | null }): ReactNode {
  return BURN_WINDOWS.map((w) => {
    const rate = result?.burnRates[w] ?? null;
    return (
      <td key={w} className={`num tone-${burnRateTone(rate)}`} title={rate === null ? `no events in the last ${w}` : `burn rate over the last ${w}`}>
        {formatBurnRate(rate)}
      </td>
    );
  });
}

export function BurnRateHeaders(): ReactNode {
  return BURN_WINDOWS.map((w) => (
    <th key={w} scope="col" className="num" title={`burn rate over ${w}: 1× spends the budget exactly over the window`}>
      {w}
    </th>
  ));
}
