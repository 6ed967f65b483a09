// What each board panel shows, read from the page: its title, type, state (loading, error, done) and whether it
// drew data (a curve with points, bars, table rows, a number) or its empty state. Works for any panel type: a
// type this file does not know counts as having data when it shows neither the empty nor the error state and
// some text with a digit.
import type { Page } from 'playwright-core';

export interface PanelReport {
  readonly title: string;
  readonly type: string;
  /** The panel's data-state: loading, error or done. */
  readonly state: string;
  readonly empty: boolean;
  readonly hasData: boolean;
  /** The error or empty text, else the start of the body's text. */
  readonly text: string;
}

export async function panelReports(page: Page): Promise<PanelReport[]> {
  return page.locator('.panel').evaluateAll((panels) =>
    panels.map((p) => {
      const body = p.querySelector('.panel-body');
      const type = [...(body?.classList ?? [])].find((c) => c.startsWith('panel-') && c !== 'panel-body')?.slice('panel-'.length) ?? '';
      const emptyEl = p.querySelector('.state.empty');
      const errorEl = p.querySelector('.state.error');
      const numberIn = (els: Iterable<Element>): boolean => [...els].some((e) => /\d/.test(e.textContent ?? '') && !/NaN/.test(e.textContent ?? ''));
      let drawn: boolean;
      switch (type) {
        case 'timeseries':
          // A line or area with at least two points ("M x,y L x,y ..." or a curve command).
          drawn = [...p.querySelectorAll('.recharts-line-curve, .recharts-area-curve')].some((c) => /[LCc]/.test(c.getAttribute('d') ?? ''));
          break;
        case 'bar':
          drawn = p.querySelectorAll('.recharts-bar-rectangle').length > 0;
          break;
        case 'table':
          drawn = p.querySelectorAll('tbody tr').length > 0 && numberIn(p.querySelectorAll('tbody td'));
          break;
        case 'stat':
          drawn = numberIn(p.querySelectorAll('.stat-value'));
          break;
        case 'gauge':
          drawn = numberIn(p.querySelectorAll('.gauge text'));
          break;
        default:
          drawn = body !== null && numberIn([body]);
      }
      return {
        title: p.querySelector('h3')?.textContent ?? '',
        type,
        state: p.getAttribute('data-state') ?? '',
        empty: emptyEl !== null,
        hasData: emptyEl === null && errorEl === null && drawn,
        text: (errorEl ?? emptyEl ?? body)?.textContent?.slice(0, 200) ?? '',
      };
    }),
  );
}

/** A failure message naming every panel in error, still loading or without data, with what it shows. */
export function describeProblems(board: string, reports: readonly PanelReport[]): string {
  const bad = reports.filter((r) => r.state !== 'done' || !r.hasData);
  return `${board}: ${bad.length} of ${reports.length} panels without data:\n${bad.map((r) => `  - "${r.title}" (${r.type}, ${r.state}${r.empty ? ', empty state' : ''}): ${r.text}`).join('\n')}`;
}
