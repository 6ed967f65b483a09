/**
 * Prometheus marks a series that disappeared with a special NaN (bits 0x7ff0000000000002).
 * Plain `NaN` values stay ordinary samples; only this exact bit pattern is a staleness marker.
 * Typed arrays keep the bit pattern; plain JS arrays of doubles may not, so store values in Float64Array.
 */
const scratch = new DataView(new ArrayBuffer(8));

export const STALE_MARKER_HI = 0x7ff00000;
export const STALE_MARKER_LO = 0x00000002;

export const STALE_NAN: number = (() => {
  scratch.setUint32(0, STALE_MARKER_HI);
  scratch.setUint32(4, STALE_MARKER_LO);
  return scratch.getFloat64(0);
})();

export function isStaleMarker(value: number): boolean {
  if (value === value) return false; // not NaN
  scratch.setFloat64(0, value);
  return scratch.getUint32(0) === STALE_MARKER_HI && scratch.getUint32(4) === STALE_MARKER_LO;
}
