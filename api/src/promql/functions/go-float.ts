const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+$/;
const SPECIAL = /^(?:[+-]?(?:inf|infinity)|nan)$/i;

/**
 * Parses a float as Go's `strconv.ParseFloat(s, 64)` does, returning undefined where Go returns an error
 * (malformed text, or a finite literal out of range). Underscores may separate digits as in Go literals.
 */
export function parseGoFloat(input: string): number | undefined {
  let text = input;
  if (text.includes('_')) {
    if (!underscoreOK(text)) return undefined;
    text = text.replaceAll('_', '');
  }
  if (SPECIAL.test(text)) {
    const lower = text.toLowerCase();
    if (lower === 'nan') return NaN;
    return lower.startsWith('-') ? -Infinity : Infinity;
  }
  let value: number;
  if (DECIMAL.test(text)) {
    value = Number(text);
  } else if (HEX.test(text)) {
    value = parseHexFloat(text);
  } else {
    return undefined;
  }
  return Number.isFinite(value) ? value : undefined;
}

/** Go's `strconv.underscoreOK`: every underscore sits between digits (a base prefix counts as a digit). */
function underscoreOK(input: string): boolean {
  let s = input;
  let saw = '^';
  let i = 0;
  if (s.startsWith('-') || s.startsWith('+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'boxBOX'.includes(s[1])) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

function parseHexFloat(text: string): number {
  const negative = text.startsWith('-');
  const body = text.replace(/^[+-]?0[xX]/, '');
  const [mantissa, exponent] = body.split(/[pP]/);
  const [intPart, fracPart = ''] = mantissa.split('.');
  let value = 0;
  for (const ch of intPart + fracPart) value = value * 16 + parseInt(ch, 16);
  value *= 2 ** (Number(exponent) - 4 * fracPart.length);
  return negative ? -value : value;
}

/** NaN, ±Inf and ±0 as Go prints them in every format; undefined for any other number. */
function formatSpecialGoFloat(v: number): string | undefined {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  return undefined;
}

/** Formats as Go's `strconv.FormatFloat(v, 'f', -1, 64)`: the shortest round-tripping digits, never an exponent. */
export function formatGoFloat(v: number): string {
  const special = formatSpecialGoFloat(v);
  if (special !== undefined) return special;
  const [mantissa, expText] = Math.abs(v).toExponential().split('e');
  const exp = Number(expText);
  const digits = mantissa.replace('.', '');
  let out: string;
  if (exp >= digits.length - 1) {
    out = digits + '0'.repeat(exp - (digits.length - 1));
  } else if (exp >= 0) {
    out = digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
  } else {
    out = '0.' + '0'.repeat(-exp - 1) + digits;
  }
  return v < 0 ? '-' + out : out;
}

/** Formats as Go's `fmt` `%v` of a float64 (`strconv` 'g', shortest digits: exponent form below 1e-4 and from 1e6). */
export function formatGoFloatV(v: number): string {
  const special = formatSpecialGoFloat(v);
  if (special !== undefined) return special;
  const [mantissa, expText] = Math.abs(v).toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const expDigits = String(Math.abs(exp)).padStart(2, '0');
    return (v < 0 ? '-' : '') + mantissa + 'e' + (exp < 0 ? '-' : '+') + expDigits;
  }
  return formatGoFloat(v);
}
