/** One figure printed by `npm run bench`. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The target, as text, e.g. ">= 500000". */
  target: string;
}
