import { labelsKey } from '../../storage/labels.js';
import type { QueryResult } from '../../query/query-result.js';
import { formatLabels } from '../engine/label-operations.js';
import type { ExpectedSample } from './test-script.js';

/** Prometheus's test rule: relative tolerance 1e-6, NaN equals NaN. */
export function almostEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const minNormal = 2.2250738585072014e-308;
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || diff < minNormal) return diff < 1e-6 * minNormal;
  return diff / (Math.abs(a) + Math.abs(b)) < 1e-6;
}

/** Returns a description of the first difference, or undefined when the result matches (as Prometheus's compareResult). */
export function compareResult(
  result: QueryResult,
  expected: { samples: readonly ExpectedSample[]; scalar?: number; ordered: boolean },
): string | undefined {
  if (expected.scalar !== undefined) {
    if (result.resultType !== 'scalar') return `expected scalar ${expected.scalar}, got ${result.resultType}`;
    return almostEqual(result.result.value, expected.scalar) ? undefined : `expected scalar ${expected.scalar}, got ${result.result.value}`;
  }
  if (result.resultType === 'scalar') return `expected vector, got scalar ${result.result.value}`;
  if (result.resultType !== 'vector') return `expected vector, got ${result.resultType}`;
  const want = new Map<string, { sample: ExpectedSample; index: number }>();
  expected.samples.forEach((sample, index) => want.set(labelsKey(sample.labels), { sample, index }));
  const got = result.result;
  for (let i = 0; i < got.length; i++) {
    const g = got[i];
    const w = want.get(labelsKey(g.labels));
    if (!w) return `unexpected sample ${formatLabels(g.labels)} ${g.value}`;
    if (expected.ordered && w.index !== i) return `expected ${formatLabels(g.labels)} at position ${w.index}, got it at ${i}`;
    if (!almostEqual(g.value, w.sample.value)) return `${formatLabels(g.labels)}: expected ${w.sample.value}, got ${g.value}`;
  }
  if (got.length !== expected.samples.length) {
    const gotKeys = new Set(got.map((g) => labelsKey(g.labels)));
    const missing = expected.samples.filter((s) => !gotKeys.has(labelsKey(s.labels))).map((s) => `${formatLabels(s.labels)} ${s.value}`);
    return `expected ${expected.samples.length} samples, got ${got.length}; missing: ${missing.join('; ')}`;
  }
  return undefined;
}
