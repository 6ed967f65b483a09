import { GoMap, GoStruct, goTypeName, type TemplateValue } from './template-value.js';

/**
 * Go's fmt for the template functions: `%v` printing (what `{{ $value }}` outputs), strconv.FormatFloat's
 * `e`/`f`/`g` formats with Go's round-half-to-even on exact decimal ties, and Sprintf with flags, width and
 * precision for the verbs alert templates use (%v %s %d %f %F %e %E %g %G %x %X %o %b %q %t %c %%).
 */

interface Digits {
  /** Significant decimal digits, no leading zeros ("0" for zero). */
  digits: string;
  /** Decimal point position: value = 0.digits × 10^dp. */
  dp: number;
}

/** Shortest digits that round-trip (Go's FormatFloat with precision -1). */
function shortestDigits(v: number): Digits {
  if (v === 0) return { digits: '0', dp: 1 };
  const [mant, exp] = Math.abs(v).toExponential().split('e');
  const digits = mant.replace('.', '');
  return { digits, dp: Number(exp) + 1 };
}

/** Rounds an exact decimal expansion to `n` significant digits, ties to even (Go's strconv decimal rounding). */
function roundDigits(v: number, n: number): Digits {
  if (v === 0) return { digits: '0', dp: 1 };
  // 100 fraction digits: the exact binary value of any double whose ties matter fits in them.
  const [mant, exp] = Math.abs(v).toExponential(100).split('e');
  const all = mant.replace('.', '');
  let dp = Number(exp) + 1;
  if (n <= 0) {
    // rounding to nothing: happens for %f with a precision left of the first digit
    const first = all.charCodeAt(0) - 48;
    const rest = all.slice(1);
    const up = n === 0 && (first > 5 || (first === 5 && /[1-9]/.test(rest)));
    return up ? { digits: '1', dp: dp + 1 } : { digits: '0', dp: dp + 1 };
  }
  let kept = all.slice(0, n);
  const next = all.charCodeAt(n) - 48;
  const rest = all.slice(n + 1);
  const tie = next === 5 && !/[1-9]/.test(rest);
  const up = next > 5 || (next === 5 && !tie) || (tie && (kept.charCodeAt(kept.length - 1) - 48) % 2 === 1);
  if (up) {
    const arr = kept.split('').map((c) => c.charCodeAt(0) - 48);
    let i = arr.length - 1;
    while (i >= 0) {
      if (arr[i] === 9) {
        arr[i] = 0;
        i--;
      } else {
        arr[i]++;
        break;
      }
    }
    if (i < 0) {
      arr.unshift(1);
      arr.pop();
      dp++;
    }
    kept = arr.join('');
  }
  return { digits: kept, dp };
}

function trimZeros(d: Digits): Digits {
  const digits = d.digits.replace(/0+$/, '');
  return digits === '' ? { digits: '0', dp: 1 } : { digits, dp: d.dp };
}

function fmtE(d: Digits, prec: number, upper: boolean): string {
  let mant = d.digits[0];
  if (prec > 0) mant += '.' + d.digits.slice(1).padEnd(prec, '0').slice(0, prec);
  const exp = d.digits === '0' ? 0 : d.dp - 1;
  const e = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return `${mant}${upper ? 'E' : 'e'}${e}`;
}

function fmtF(d: Digits, prec: number): string {
  let int: string;
  let frac: string;
  if (d.digits === '0') {
    int = '0';
    frac = '';
  } else if (d.dp <= 0) {
    int = '0';
    frac = '0'.repeat(-d.dp) + d.digits;
  } else {
    int = d.digits.slice(0, d.dp).padEnd(d.dp, '0');
    frac = d.digits.slice(d.dp);
  }
  frac = frac.padEnd(prec, '0').slice(0, prec);
  return prec > 0 ? `${int}.${frac}` : int;
}

/** strconv.FormatFloat(v, fmt, prec, 64) for fmt e, E, f, g, G (prec -1: shortest). */
export function formatFloat(v: number, fmt: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  const a = Math.abs(v);
  const shortest = prec < 0;
  switch (fmt) {
    case 'e':
    case 'E': {
      const d = shortest ? shortestDigits(a) : roundDigits(a, prec + 1);
      return sign + fmtE(d, shortest ? d.digits.length - 1 : prec, fmt === 'E');
    }
    case 'f': {
      if (shortest) {
        const d = shortestDigits(a);
        return sign + fmtF(d, Math.max(d.digits.length - d.dp, 0));
      }
      const first = a === 0 ? 1 : shortestDigits(a).dp;
      return sign + fmtF(roundDigits(a, first + prec), prec);
    }
    default: {
      let p = prec;
      if (p === 0) p = 1;
      const d = shortest ? shortestDigits(a) : trimZeros(roundDigits(a, p));
      let eprec = shortest ? 6 : p;
      if (!shortest && eprec > d.digits.length && d.digits.length >= d.dp) eprec = d.digits.length;
      const exp = d.dp - 1;
      if (a !== 0 && (exp < -4 || exp >= eprec)) return sign + fmtE(d, d.digits.length - 1, fmt === 'G');
      return sign + fmtF(d, Math.max(d.digits.length - d.dp, 0));
    }
  }
}

/** fmt.Sprint of one value (`%v`). */
export function formatValue(v: TemplateValue): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatFloat(v, 'g', -1);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof GoMap) {
    const keys = [...v.entries.keys()].sort();
    return `map[${keys.map((k) => `${k}:${formatValue(v.entries.get(k) ?? null)}`).join(' ')}]`;
  }
  if (v instanceof GoStruct) return `{${Object.values(v.fields).map(formatValue).join(' ')}}`;
  return `[${v.map(formatValue).join(' ')}]`;
}

/** fmt.Sprint(args...): spaces between operands when neither is a string. */
export function sprint(args: readonly TemplateValue[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    if (i > 0 && typeof args[i] !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(args[i]);
  }
  return out;
}

export function sprintln(args: readonly TemplateValue[]): string {
  return args.map(formatValue).join(' ') + '\n';
}

interface Spec {
  minus: boolean;
  plus: boolean;
  zero: boolean;
  space: boolean;
  sharp: boolean;
  width?: number;
  prec?: number;
}

function pad(s: string, spec: Spec, numeric: boolean): string {
  if (spec.width === undefined || s.length >= spec.width) return s;
  if (spec.minus) return s.padEnd(spec.width, ' ');
  if (spec.zero && numeric) {
    const signed = /^[+\- ]/.test(s);
    const body = signed ? s.slice(1) : s;
    return (signed ? s[0] : '') + body.padStart(spec.width - (signed ? 1 : 0), '0');
  }
  return s.padStart(spec.width, ' ');
}

function signed(s: string, spec: Spec): string {
  if (s.startsWith('-')) return s;
  if (spec.plus) return '+' + s;
  if (spec.space) return ' ' + s;
  return s;
}

function goQuote(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function badVerb(verb: string, v: TemplateValue): string {
  return v === null ? `%!${verb}(<nil>)` : `%!${verb}(${goTypeName(v)}=${formatValue(v)})`;
}

function formatOne(verb: string, v: TemplateValue, spec: Spec): string {
  switch (verb) {
    case 'v':
      if (typeof v === 'number') return pad(signed(formatFloat(v, 'g', spec.prec ?? -1), spec), spec, true);
      if (typeof v === 'bigint') return pad(signed(String(v), spec), spec, true);
      if (typeof v === 'string' && spec.sharp) return pad(goQuote(v), spec, false);
      return pad(formatValue(v), spec, false);
    case 's':
      if (typeof v === 'string') return pad(spec.prec !== undefined ? [...v].slice(0, spec.prec).join('') : v, spec, false);
      if (v instanceof GoMap || Array.isArray(v) || v instanceof GoStruct) return pad(formatValue(v), spec, false);
      return badVerb(verb, v);
    case 'q':
      if (typeof v === 'string') return pad(goQuote(v), spec, false);
      if (typeof v === 'bigint') return pad(`'${String.fromCodePoint(Number(v))}'`, spec, false);
      return badVerb(verb, v);
    case 't':
      return typeof v === 'boolean' ? pad(String(v), spec, false) : badVerb(verb, v);
    case 'c':
      return typeof v === 'bigint' ? pad(String.fromCodePoint(Number(v)), spec, false) : badVerb(verb, v);
    case 'd':
      if (typeof v !== 'bigint') return badVerb(verb, v);
      return pad(signed(String(v), spec), spec, true);
    case 'x':
    case 'X':
    case 'o':
    case 'b': {
      const radix = verb === 'o' ? 8 : verb === 'b' ? 2 : 16;
      let s: string;
      if (typeof v === 'bigint') {
        s = (v < 0n ? '-' : '') + (v < 0n ? -v : v).toString(radix);
        if (spec.sharp) s = s.replace(/^(-?)/, `$1${radix === 16 ? '0x' : radix === 8 ? '0' : ''}`);
      } else if (typeof v === 'string' && radix === 16) {
        s = Buffer.from(v, 'utf8').toString('hex');
      } else {
        return badVerb(verb, v);
      }
      if (verb === 'X') s = s.toUpperCase();
      return pad(signed(s, spec), spec, true);
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      const f = typeof v === 'number' ? v : undefined;
      if (f === undefined) return badVerb(verb, v);
      const fmt = verb === 'F' ? 'f' : (verb as 'e' | 'E' | 'f' | 'g' | 'G');
      const prec = spec.prec ?? (fmt === 'g' || fmt === 'G' ? -1 : 6);
      return pad(signed(formatFloat(f, fmt, prec), spec), spec, Number.isFinite(f));
    }
    default:
      return `%!${verb}(${goTypeName(v)}=${formatValue(v)})`;
  }
}

/** fmt.Sprintf for the verbs above, with Go's `%!d(MISSING)` and `%!(EXTRA ...)` markers. */
export function sprintf(format: string, args: readonly TemplateValue[]): string {
  let out = '';
  let argi = 0;
  let i = 0;
  while (i < format.length) {
    const c = format[i];
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    i++;
    const spec: Spec = { minus: false, plus: false, zero: false, space: false, sharp: false };
    for (; i < format.length; i++) {
      const f = format[i];
      if (f === '-') spec.minus = true;
      else if (f === '+') spec.plus = true;
      else if (f === '0') spec.zero = true;
      else if (f === ' ') spec.space = true;
      else if (f === '#') spec.sharp = true;
      else break;
    }
    const num = (): number | undefined => {
      if (format[i] === '*') {
        i++;
        const a = args[argi++];
        return typeof a === 'bigint' ? Number(a) : undefined;
      }
      const m = /^\d+/.exec(format.slice(i));
      if (!m) return undefined;
      i += m[0].length;
      return Number(m[0]);
    };
    spec.width = num();
    if (format[i] === '.') {
      i++;
      spec.prec = num() ?? 0;
    }
    const verb = format[i];
    i++;
    if (verb === undefined) {
      out += '%!(NOVERB)';
      break;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatOne(verb, args[argi++], spec);
  }
  if (argi < args.length) {
    out += `%!(EXTRA ${args
      .slice(argi)
      .map((a) => `${goTypeName(a)}=${formatValue(a)}`)
      .join(', ')})`;
  }
  return out;
}
