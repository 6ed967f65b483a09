/** Timestamp precision of a line-protocol write, and how to read the `precision` query parameter of each API. */
export type Precision = 'ns' | 'us' | 'ms' | 's' | 'm' | 'h';

/** Values accepted by `/api/v2/write?precision=` (InfluxDB 2.x). */
export const V2_PRECISIONS = ['ns', 'us', 'ms', 's'] as const;
/** Values accepted by `/write?precision=` (InfluxDB 1.x), mapped to a {@link Precision}. */
export const V1_PRECISIONS: Readonly<Record<string, Precision>> = Object.freeze({
  n: 'ns',
  ns: 'ns',
  u: 'us',
  us: 'us',
  ms: 'ms',
  s: 's',
  m: 'm',
  h: 'h',
});

/** Empty or absent means nanoseconds (what InfluxDB does, and what k6 sends: `precision=`). Unknown: undefined. */
export function parseV2Precision(value: string | undefined): Precision | undefined {
  if (value === undefined || value === '') return 'ns';
  return (V2_PRECISIONS as readonly string[]).includes(value) ? (value as Precision) : undefined;
}

export function parseV1Precision(value: string | undefined): Precision | undefined {
  if (value === undefined || value === '') return 'ns';
  return Object.hasOwn(V1_PRECISIONS, value) ? V1_PRECISIONS[value] : undefined;
}
