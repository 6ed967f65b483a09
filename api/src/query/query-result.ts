import type { Labels } from '../storage/labels.js';

/** Results of evaluation, in milliseconds and plain numbers; the HTTP layer turns them into Prometheus JSON. */
export interface InstantSample {
  readonly labels: Labels;
  readonly timestamp: number;
  readonly value: number;
}

export interface RangeSeries {
  readonly labels: Labels;
  readonly timestamps: readonly number[];
  readonly values: readonly number[];
}

export type QueryResult =
  | { readonly resultType: 'vector'; readonly result: readonly InstantSample[] }
  | { readonly resultType: 'matrix'; readonly result: readonly RangeSeries[] }
  | { readonly resultType: 'scalar'; readonly result: { readonly timestamp: number; readonly value: number } }
  | { readonly resultType: 'string'; readonly result: { readonly timestamp: number; readonly value: string } };
