// The chart colours of both themes, read from styles.css as the browser gets them: every series colour and threshold
// colour must stand out from its theme's panel background by WCAG 2.1's 3:1 for graphical objects (1.4.11, contrast
// ratio from relative luminance), and the series colours must stay apart from each other.
import { readFileSync } from 'node:fs';
import { differenceCiede2000, parse, wcagContrast } from 'culori';
import { describe, expect, it } from 'vitest';
import { SERIES_COLORS, cssColor } from './panels/threshold-color.js';

const css = readFileSync(new URL('./styles.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
const THEMES = ['dark', 'light'] as const;
const THRESHOLD_NAMES = ['green', 'yellow', 'orange', 'red', 'blue', 'purple'];
/** WCAG 2.1 success criterion 1.4.11: graphical objects need 3:1 against adjacent colours. */
const MIN_CONTRAST = 3;
/** CIEDE2000 distance below which two series colours are easily mistaken for each other. */
const MIN_DIFFERENCE = 10;

/** The custom properties the rules for `[data-theme='<theme>']` declare (later declarations win). */
function themeVariables(theme: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const rule of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const selectors = (rule[1] ?? '').split(',').map((s) => s.trim().replace(/"/g, "'"));
    if (!selectors.includes(`[data-theme='${theme}']`)) continue;
    for (const d of (rule[2] ?? '').matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) vars.set(d[1] ?? '', (d[2] ?? '').trim());
  }
  return vars;
}

/** A colour value (`#hex` or `var(--name)`) resolved against the theme's variables; throws naming what is missing. */
function resolve(value: string, vars: ReadonlyMap<string, string>, theme: string): string {
  const ref = /^var\((--[\w-]+)\)$/.exec(value);
  if (!ref) return value;
  const v = vars.get(ref[1] ?? '');
  if (v === undefined) throw new Error(`styles.css: the ${theme} theme does not define ${ref[1]}`);
  return resolve(v, vars, theme);
}

function contrast(color: string, background: string): number {
  if (!parse(color) || !parse(background)) throw new Error(`not a colour: ${parse(color) ? background : color}`);
  return wcagContrast(color, background);
}

describe('theme colours in styles.css', () => {
  it('computes the WCAG contrast ratio (the old light-theme yellow #fade2a on white is 1.35:1 and fails)', () => {
    expect(contrast('#fade2a', '#ffffff')).toBeCloseTo(1.35, 2);
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#fade2a', '#ffffff')).toBeLessThan(MIN_CONTRAST);
  });

  for (const theme of THEMES) {
    describe(`${theme} theme`, () => {
      const vars = themeVariables(theme);
      const panel = (): string => resolve('var(--panel)', vars, theme);

      it('defines every series colour the charts use, each distinct', () => {
        expect(SERIES_COLORS.length).toBeGreaterThanOrEqual(10);
        const values = SERIES_COLORS.map((c) => resolve(c, vars, theme).toLowerCase());
        expect(new Set(values).size).toBe(values.length);
      });

      it('has each series colour at least 3:1 against the panel background', () => {
        const low = SERIES_COLORS.map((c) => ({ c, value: resolve(c, vars, theme), ratio: contrast(resolve(c, vars, theme), panel()) })).filter((x) => x.ratio < MIN_CONTRAST);
        expect(low.map((x) => `${x.c} = ${x.value}: ${x.ratio.toFixed(2)}:1`)).toEqual([]);
      });

      it('has each threshold colour (green, yellow, orange, red, blue, purple) at least 3:1 against the panel background', () => {
        const low = THRESHOLD_NAMES.map((n) => ({ n, value: resolve(cssColor(n), vars, theme) }))
          .map((x) => ({ ...x, ratio: contrast(x.value, panel()) }))
          .filter((x) => x.ratio < MIN_CONTRAST);
        expect(low.map((x) => `${x.n} = ${x.value}: ${x.ratio.toFixed(2)}:1`)).toEqual([]);
      });

      it('keeps the series colours apart from each other (CIEDE2000 ≥ 10 for every pair)', () => {
        const values = SERIES_COLORS.map((c) => resolve(c, vars, theme));
        const distance = differenceCiede2000();
        const close: string[] = [];
        for (let i = 0; i < values.length; i++)
          for (let j = i + 1; j < values.length; j++) {
            const d = distance(values[i] ?? '', values[j] ?? '');
            if (d < MIN_DIFFERENCE) close.push(`${SERIES_COLORS[i]} ${values[i]} ~ ${SERIES_COLORS[j]} ${values[j]}: ${d.toFixed(1)}`);
          }
        expect(close).toEqual([]);
      });
    });
  }
});
