import { ABSENT_FUNCTIONS } from './absent.js';
import { COUNTER_FUNCTIONS } from './counters.js';
import { DATE_FUNCTIONS } from './date.js';
import { HISTOGRAM_QUANTILE_FUNCTIONS } from './histogram-quantile.js';
import { HOLT_WINTERS_FUNCTIONS } from './holt-winters.js';
import { LABEL_FUNCTIONS } from './labels.js';
import { MATH_FUNCTIONS } from './math.js';
import { MISC_FUNCTIONS } from './misc.js';
import { NATIVE_HISTOGRAM_FUNCTIONS } from './native-histogram.js';
import { OVER_TIME_FUNCTIONS } from './over-time.js';
import type { PromqlFunction } from './promql-function.js';
import { RATE_FAMILY_FUNCTIONS } from './rate-family.js';
import { REGRESSION_FUNCTIONS } from './regression.js';
import { SORT_FUNCTIONS } from './sort.js';
import { TRIG_FUNCTIONS } from './trig.js';

export type { ArgType, PromqlFunction } from './promql-function.js';

/** Every function of PromQL as in Prometheus 2.42, by name. */
export const FUNCTIONS: ReadonlyMap<string, PromqlFunction> = new Map(
  [
    ...ABSENT_FUNCTIONS,
    ...COUNTER_FUNCTIONS,
    ...DATE_FUNCTIONS,
    ...HISTOGRAM_QUANTILE_FUNCTIONS,
    ...HOLT_WINTERS_FUNCTIONS,
    ...LABEL_FUNCTIONS,
    ...MATH_FUNCTIONS,
    ...MISC_FUNCTIONS,
    ...NATIVE_HISTOGRAM_FUNCTIONS,
    ...OVER_TIME_FUNCTIONS,
    ...RATE_FAMILY_FUNCTIONS,
    ...REGRESSION_FUNCTIONS,
    ...SORT_FUNCTIONS,
    ...TRIG_FUNCTIONS,
  ].map((f) => [f.name, f]),
);
