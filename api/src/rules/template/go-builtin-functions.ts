import type { TemplateFunction } from './template-executor.js';
import { formatValue, sprint, sprintf, sprintln } from './go-fmt.js';
import { GoMap, GoStruct, goTypeName, isTrue, type TemplateValue } from './template-value.js';

/** Go's net/url QueryEscape (space as "+"), used by urlquery and the graph links. */
export function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function basicKind(v: TemplateValue): string {
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v === null) return 'nil';
  return 'complex';
}

function compare(a: TemplateValue, b: TemplateValue): number {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka !== kb || ka === 'complex' || ka === 'nil') throw new Error('incompatible types for comparison');
  if (ka === 'bool') {
    if (a === b) return 0;
    throw new Error('invalid type for comparison');
  }
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

function eq(a: TemplateValue, ...rest: TemplateValue[]): boolean {
  if (rest.length === 0) throw new Error('missing argument for comparison');
  for (const b of rest) {
    const ka = basicKind(a);
    const kb = basicKind(b);
    if (ka === 'nil' || kb === 'nil') {
      if (a === b) return true;
      continue;
    }
    if (ka !== kb) throw new Error('incompatible types for comparison');
    if (ka === 'complex') throw new Error('invalid type for comparison');
    if (a === b) return true;
  }
  return false;
}

function length(v: TemplateValue): bigint {
  if (typeof v === 'string') return BigInt(Buffer.byteLength(v, 'utf8'));
  if (v instanceof GoMap) return BigInt(v.entries.size);
  if (Array.isArray(v)) return BigInt(v.length);
  throw new Error(`len of type ${goTypeName(v)}`);
}

function index(item: TemplateValue, ...keys: TemplateValue[]): TemplateValue {
  let v = item;
  for (const k of keys) {
    if (v instanceof GoMap) {
      if (typeof k !== 'string') throw new Error(`value has type ${goTypeName(k)}; should be string`);
      v = v.entries.has(k) ? (v.entries.get(k) ?? null) : v.zero;
    } else if (Array.isArray(v) || typeof v === 'string') {
      if (typeof k !== 'bigint') throw new Error(`cannot index slice/array with type ${goTypeName(k)}`);
      const i = Number(k);
      if (i < 0 || i >= v.length) throw new Error(`index out of range: ${i}`);
      v = typeof v === 'string' ? BigInt(Buffer.from(v, 'utf8')[i]) : (v as readonly TemplateValue[])[i];
    } else if (v === null) {
      throw new Error('index of untyped nil');
    } else {
      throw new Error(`can't index item of type ${goTypeName(v)}`);
    }
  }
  return v;
}

function slice(item: TemplateValue, ...idx: TemplateValue[]): TemplateValue {
  const n = idx.map((i) => {
    if (typeof i !== 'bigint') throw new Error('cannot index slice/array with nil');
    return Number(i);
  });
  if (typeof item === 'string') return Buffer.from(item, 'utf8').subarray(n[0] ?? 0, n[1]).toString('utf8');
  if (Array.isArray(item)) return item.slice(n[0] ?? 0, n[1]);
  throw new Error(`can't slice item of type ${goTypeName(item)}`);
}

function htmlEscape(s: string): string {
  return s.replace(/[&'<>"\0]/g, (c) => ({ '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;', '\0': '\uFFFD' })[c] ?? c);
}

function jsEscape(s: string): string {
  return s.replace(/[\\'"<>&=\n\r\t]/g, (c) =>
    c === '\\' ? '\\\\' : c === "'" ? "\\'" : c === '"' ? '\\"' : `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

/** text/template's predefined functions (and/or are evaluated lazily by the executor). */
export const GO_BUILTIN_FUNCTIONS: ReadonlyMap<string, TemplateFunction> = new Map<string, TemplateFunction>([
  ['not', (v) => !isTrue(v)],
  ['len', (v) => length(v)],
  ['index', (item, ...keys) => index(item, ...keys)],
  ['slice', (item, ...idx) => slice(item, ...idx)],
  ['print', (...args) => sprint(args)],
  ['println', (...args) => sprintln(args)],
  [
    'printf',
    (format, ...args) => {
      if (typeof format !== 'string') throw new Error(`wrong type for value; expected string; got ${goTypeName(format)}`);
      return sprintf(format, args);
    },
  ],
  ['html', (...args) => htmlEscape(sprint(args))],
  ['js', (...args) => jsEscape(sprint(args))],
  ['urlquery', (...args) => queryEscape(sprint(args))],
  ['eq', (a, ...rest) => eq(a, ...rest)],
  ['ne', (a, b) => !eq(a, b)],
  ['lt', (a, b) => compare(a, b) < 0],
  ['le', (a, b) => compare(a, b) <= 0],
  ['gt', (a, b) => compare(a, b) > 0],
  ['ge', (a, b) => compare(a, b) >= 0],
  [
    'call',
    (fn) => {
      throw new Error(`non-function of type ${fn instanceof GoStruct ? fn.typeName : goTypeName(fn)}: ${formatValue(fn)}`);
    },
  ],
]);

export const GO_BUILTIN_NAMES: readonly string[] = [...GO_BUILTIN_FUNCTIONS.keys(), 'and', 'or'];
