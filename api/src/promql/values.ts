import type { Labels } from '../storage/labels.js';

/**
 * Values flowing through the PromQL engine at one evaluation step. Times are Unix milliseconds.
 * A range query evaluates the expression at every step; selectors load their series once per query and
 * slice them per step (see the engine), so functions and aggregations only ever see one step's data.
 */

/** One element of an instant vector. `labels` include `__name__` unless an operation dropped it. */
export interface VectorElement {
  readonly labels: Labels;
  readonly value: number;
  /** The sample's own timestamp, set only when the element comes straight from a vector selector (for `timestamp()`). */
  readonly sampleTimestamp?: number;
}

export type InstantVector = VectorElement[];

/** The samples of one series inside a range window (stale markers already removed), sorted by time. */
export interface RangeWindow {
  readonly labels: Labels;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
}

/** An argument of a function call, already evaluated at the current step. */
export type FunctionArg =
  | { readonly kind: 'vector'; readonly value: InstantVector }
  | {
      readonly kind: 'matrix';
      readonly value: readonly RangeWindow[];
      /** The window this step looked at: (start, end] in ms, after `offset`/`@` (Prometheus 2.42 includes start). */
      readonly windowStartMs: number;
      readonly windowEndMs: number;
      readonly rangeMs: number;
    }
  | { readonly kind: 'scalar'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string };

export interface FunctionCallContext {
  /** The evaluation time of this step. */
  readonly timeMs: number;
  /**
   * For `absent()` and `absent_over_time()`: the labels Prometheus gives the result, taken by the engine from
   * the argument's equality matchers (empty when the argument is not a selector).
   */
  readonly absentLabels: Labels;
}
