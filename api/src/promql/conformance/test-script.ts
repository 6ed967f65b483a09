import type { Labels } from '../../storage/labels.js';

/** One series of a `load` block: its labels and (timestamp ms, value) samples; a Float64Array keeps stale-marker bits. */
export interface LoadSeries {
  readonly labels: Labels;
  readonly timestamps: readonly number[];
  readonly values: Float64Array;
}

export interface ExpectedSample {
  readonly labels: Labels;
  readonly value: number;
}

export type TestCommand =
  | { readonly kind: 'load'; readonly line: number; readonly series: readonly LoadSeries[] }
  | { readonly kind: 'clear'; readonly line: number }
  | {
      readonly kind: 'eval';
      readonly line: number;
      readonly expr: string;
      readonly timeMs: number;
      readonly ordered: boolean;
      readonly fail: boolean;
      /** Expected vector elements, or a scalar when `scalar` is set. */
      readonly samples: readonly ExpectedSample[];
      readonly scalar?: number;
    };
