/**
 * Prometheus marks a series that disappeared with a special NaN (bits 0x7ff0000000000002); an ordinary NaN
 * value is something else. The bits survive objects, typed arrays and remote_write; plain JS arrays of
 * doubles may canonicalize NaNs, so never keep markers in a `number[]`.
 */
const scratch = new DataView(new ArrayBuffer(8));

export const STALE_NAN: number = (() => {
  scratch.setUint32(0, 0x7ff00000);
  scratch.setUint32(4, 0x00000002);
  return scratch.getFloat64(0);
})();

export function isStaleMarker(value: number): boolean {
  if (value === value) return false; // not NaN
  scratch.setFloat64(0, value);
  return scratch.getUint32(0) === 0x7ff00000 && scratch.getUint32(4) === 0x00000002;
}
