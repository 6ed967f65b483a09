import { AppError } from '../../errors/app-error.js';
import { Cardinality, COMPARISON_OPS, type BinaryOp, type VectorMatching } from '../../query/ast.js';
import type { Labels } from '../../storage/labels.js';
import type { InstantVector, VectorElement } from '../values.js';
import { dropsMetricName, elementBinop } from './binary-arithmetic.js';
import { dropMetricName, formatLabels, matchingSignature } from './label-operations.js';

/** Signatures memoized per label object and matching clause: label objects of selectors live for the whole query. */
const signatureCache = new WeakMap<VectorMatching, WeakMap<Labels, string>>();

function signer(matching: VectorMatching): (labels: Labels) => string {
  let cache = signatureCache.get(matching);
  if (!cache) {
    cache = new WeakMap();
    signatureCache.set(matching, cache);
  }
  const c = cache;
  return (labels) => {
    let sig = c.get(labels);
    if (sig === undefined) {
      sig = matchingSignature(labels, matching.on, matching.labels);
      c.set(labels, sig);
    }
    return sig;
  };
}

/** `and`, `or`, `unless` between two instant vectors. */
export function vectorSetOperation(op: 'and' | 'or' | 'unless', lhs: InstantVector, rhs: InstantVector, matching: VectorMatching): InstantVector {
  const sig = signer(matching);
  switch (op) {
    case 'and': {
      if (lhs.length === 0 || rhs.length === 0) return [];
      const right = new Set(rhs.map((e) => sig(e.labels)));
      return lhs.filter((e) => right.has(sig(e.labels)));
    }
    case 'or': {
      if (lhs.length === 0) return rhs;
      if (rhs.length === 0) return lhs;
      const left = new Set(lhs.map((e) => sig(e.labels)));
      return [...lhs, ...rhs.filter((e) => !left.has(sig(e.labels)))];
    }
    case 'unless': {
      if (lhs.length === 0 || rhs.length === 0) return lhs;
      const right = new Set(rhs.map((e) => sig(e.labels)));
      return lhs.filter((e) => !right.has(sig(e.labels)));
    }
  }
}

/** Arithmetic and comparison between two instant vectors with one-to-one, many-to-one or one-to-many matching. */
export function vectorBinaryOperation(
  op: BinaryOp,
  lhsIn: InstantVector,
  rhsIn: InstantVector,
  matching: VectorMatching,
  returnBool: boolean,
): InstantVector {
  if (matching.card === Cardinality.ManyToMany) throw new AppError('internal', 'many-to-many only allowed for set operators');
  if (lhsIn.length === 0 || rhsIn.length === 0) return [];
  const sig = signer(matching);
  let lhs = lhsIn;
  let rhs = rhsIn;
  if (matching.card === Cardinality.OneToMany) {
    lhs = rhsIn;
    rhs = lhsIn;
  }
  const rightSigs = new Map<string, VectorElement>();
  for (const rs of rhs) {
    const s = sig(rs.labels);
    const dup = rightSigs.get(s);
    if (dup) {
      const side = matching.card === Cardinality.OneToMany ? 'left' : 'right';
      const group = matchGroup(rs.labels, matching);
      throw new AppError(
        'execution',
        `found duplicate series for the match group ${group} on the ${side} hand-side of the operation: [${formatLabels(rs.labels)}, ${formatLabels(dup.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`,
      );
    }
    rightSigs.set(s, rs);
  }
  const matchedSigs = new Set<string>();
  const insertedSigs = new Set<string>();
  const out: VectorElement[] = [];
  for (const ls of lhs) {
    const s = sig(ls.labels);
    const rs = rightSigs.get(s);
    if (!rs) continue;
    let vl = ls.value;
    let vr = rs.value;
    if (matching.card === Cardinality.OneToMany) [vl, vr] = [vr, vl];
    let { value, keep } = elementBinop(op, vl, vr);
    if (returnBool) {
      value = keep ? 1 : 0;
      keep = true;
    } else if (!keep) {
      continue;
    }
    let labels = resultLabels(ls.labels, rs.labels, op, matching);
    if (returnBool) labels = dropMetricName(labels);
    if (matching.card === Cardinality.OneToOne) {
      if (matchedSigs.has(s)) {
        throw new AppError('execution', 'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
      }
      matchedSigs.add(s);
    } else {
      const key = formatLabels(labels);
      if (insertedSigs.has(key)) throw new AppError('execution', 'multiple matches for labels: grouping labels must ensure unique matches');
      insertedSigs.add(key);
    }
    out.push({ labels, value });
  }
  return out;
}

function matchGroup(labels: Labels, matching: VectorMatching): string {
  const out: Record<string, string> = {};
  for (const n of Object.keys(labels)) {
    const inList = matching.labels.includes(n);
    if (matching.on ? inList : !inList && n !== '__name__') out[n] = labels[n];
  }
  return formatLabels(out);
}

function resultLabels(lhs: Labels, rhs: Labels, op: BinaryOp, matching: VectorMatching): Labels {
  const oneToOne = matching.card === Cardinality.OneToOne;
  if (!dropsMetricName(op) && (!oneToOne || (!matching.on && matching.labels.length === 0)) && matching.include.length === 0) {
    return lhs;
  }
  const out: Record<string, string> = { ...lhs };
  if (dropsMetricName(op)) delete out.__name__;
  if (oneToOne) {
    if (matching.on) {
      for (const n of Object.keys(out)) if (!matching.labels.includes(n)) delete out[n];
    } else {
      for (const n of matching.labels) delete out[n];
    }
  }
  for (const n of matching.include) {
    const v = rhs[n];
    if (v !== undefined && v !== '') out[n] = v;
    else delete out[n];
  }
  return Object.freeze(out);
}

/** A vector and a scalar (`swap` when the scalar is on the left). */
export function vectorScalarOperation(op: BinaryOp, vector: InstantVector, scalar: number, swap: boolean, returnBool: boolean): InstantVector {
  const isComparison = COMPARISON_OPS.has(op);
  const drop = dropsMetricName(op) || returnBool;
  const out: VectorElement[] = [];
  for (const e of vector) {
    const lv = swap ? scalar : e.value;
    const rv = swap ? e.value : scalar;
    let { value, keep } = elementBinop(op, lv, rv);
    if (isComparison && swap) value = rv;
    if (returnBool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (!keep) continue;
    out.push({ labels: drop ? dropMetricName(e.labels) : e.labels, value });
  }
  return out;
}

/** Two scalars; comparisons (always with `bool`) give 1 or 0. */
export function scalarOperation(op: BinaryOp, lhs: number, rhs: number): number {
  const { value, keep } = elementBinop(op, lhs, rhs);
  if (COMPARISON_OPS.has(op)) return keep ? 1 : 0;
  return value;
}
