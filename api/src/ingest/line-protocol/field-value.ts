/**
 * Numeric field values of line protocol, read straight from the body's char codes.
 * Every function returns NaN for an invalid value: a valid line-protocol number is never NaN.
 */

const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

const FLOAT_RE = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
// Exact powers of ten: dividing an integer mantissa below 2^53 by one of these is correctly rounded.
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const INT64_MAX = 9223372036854775807n;
const UINT64_MAX = 18446744073709551615n;

/**
 * Value of the field text `s[start, end)`: float (`1`, `-1.5`, `1e3`), integer (`12i`), unsigned (`12u`)
 * or boolean (`t`, `T`, `true`, `True`, `TRUE`, `f`, `F`, `false`, `False`, `FALSE` -> 1 / 0).
 */
export function parseFieldValue(s: string, start: number, end: number): number {
  if (end <= start) return NaN;
  const last = s.charCodeAt(end - 1);
  if (last === 105 /* i */) return parseInteger(s, start, end - 1, true);
  if (last === 117 /* u */) return parseInteger(s, start, end - 1, false);
  const first = s.charCodeAt(start);
  if (first === 116 || first === 84 || first === 102 || first === 70) return parseBoolean(s.slice(start, end));
  return parseFloatValue(s, start, end);
}

function parseFloatValue(s: string, start: number, end: number): number {
  // Fast path: [-]digits[.digits] with at most 15 significant digits.
  let i = start;
  const negative = s.charCodeAt(i) === MINUS;
  if (negative) i++;
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let seenDot = false;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= ZERO && c <= NINE) {
      mantissa = mantissa * 10 + (c - ZERO);
      digits++;
      if (seenDot) fraction++;
    } else if (c === DOT && !seenDot) {
      seenDot = true;
    } else {
      break;
    }
  }
  if (i === end && digits > 0 && digits <= 15) {
    const value = fraction === 0 ? mantissa : mantissa / POW10[fraction];
    return negative ? -value : value;
  }
  // Slow path: exponents, long mantissas.
  const text = s.slice(start, end);
  if (!FLOAT_RE.test(text)) return NaN;
  const value = Number(text);
  return Number.isFinite(value) ? value : NaN;
}

function parseInteger(s: string, start: number, end: number, signed: boolean): number {
  let i = start;
  const negative = signed && s.charCodeAt(i) === MINUS;
  if (negative) i++;
  if (i >= end) return NaN;
  let value = 0;
  for (let j = i; j < end; j++) {
    const c = s.charCodeAt(j);
    if (c < ZERO || c > NINE) return NaN;
    value = value * 10 + (c - ZERO);
  }
  if (end - i > 15) {
    // Range check exactly; the value itself is the nearest double.
    const big = BigInt(s.slice(i, end));
    if (big > (signed ? INT64_MAX + (negative ? 1n : 0n) : UINT64_MAX)) return NaN;
    value = Number(big);
  }
  return negative ? -value : value;
}

function parseBoolean(text: string): number {
  switch (text) {
    case 't':
    case 'T':
    case 'true':
    case 'True':
    case 'TRUE':
      return 1;
    case 'f':
    case 'F':
    case 'false':
    case 'False':
    case 'FALSE':
      return 0;
    default:
      return NaN;
  }
}
