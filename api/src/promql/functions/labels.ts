import { AppError } from '../../errors/app-error.js';
import { normalizeLabels, type Labels } from '../../storage/labels.js';
import type { InstantVector } from '../values.js';
import { stringArg, vectorArg } from './function-args.js';
import { compileGoRegexp, expandGoTemplate } from './go-regexp.js';
import { isValidLabelName } from './label-name.js';
import type { PromqlFunction } from './promql-function.js';

function withLabel(labels: Labels, name: string, value: string): Labels {
  const out: Record<string, string> = { ...labels };
  delete out[name];
  if (value !== '') out[name] = value;
  return normalizeLabels(out);
}

/**
 * label_replace(v, dst, replacement, src, regex): where the fully anchored regex matches the value of src (missing =
 * ""), dst is set to the expanded replacement (removed when that is empty); elements keep all other labels,
 * `__name__` included. Bad regex or destination name: an execution error, as Prometheus.
 */
export function labelReplace(vector: InstantVector, dst: string, replacement: string, src: string, regex: string): InstantVector {
  let re: RegExp;
  try {
    re = compileGoRegexp(regex, true);
  } catch {
    throw new AppError('execution', `invalid regular expression in label_replace(): ${regex}`);
  }
  if (!isValidLabelName(dst)) {
    throw new AppError('execution', `invalid destination label name in label_replace(): ${dst}`);
  }
  return vector.map((el) => {
    const match = re.exec(el.labels[src] ?? '');
    if (match === null) return { labels: el.labels, value: el.value };
    return { labels: withLabel(el.labels, dst, expandGoTemplate(replacement, match)), value: el.value };
  });
}

/** label_join(v, dst, separator, src...): dst = the src values (missing = "") joined; removed when that is empty. */
export function labelJoin(vector: InstantVector, dst: string, separator: string, srcLabels: readonly string[]): InstantVector {
  for (const src of srcLabels) {
    if (!isValidLabelName(src)) throw new AppError('execution', `invalid source label name in label_join(): ${src}`);
  }
  if (!isValidLabelName(dst)) throw new AppError('execution', `invalid destination label name in label_join(): ${dst}`);
  return vector.map((el) => ({
    labels: withLabel(el.labels, dst, srcLabels.map((src) => el.labels[src] ?? '').join(separator)),
    value: el.value,
  }));
}

export const LABEL_FUNCTIONS: readonly PromqlFunction[] = [
  {
    name: 'label_replace',
    argTypes: ['vector', 'string', 'string', 'string', 'string'],
    variadic: 0,
    returnType: 'vector',
    call: (args) =>
      labelReplace(vectorArg(args, 0), stringArg(args, 1), stringArg(args, 2), stringArg(args, 3), stringArg(args, 4)),
  },
  {
    name: 'label_join',
    argTypes: ['vector', 'string', 'string', 'string'],
    variadic: -1,
    returnType: 'vector',
    call: (args) => {
      const srcLabels: string[] = [];
      for (let i = 3; i < args.length; i++) srcLabels.push(stringArg(args, i));
      return labelJoin(vectorArg(args, 0), stringArg(args, 1), stringArg(args, 2), srcLabels);
    },
  },
];
