/** One `key:value` line of Redis's INFO reply, with the `# Section` it appeared under. */
export interface InfoField {
  readonly section: string;
  readonly key: string;
  readonly value: string;
}

/**
 * Splits the text of `INFO ALL` (or `INFO <section>`, or `CLUSTER INFO`) into its fields, in order, the way
 * redis_exporter reads it: lines are trimmed, `# Name` starts a section, lines without a `:` (or shorter than
 * two characters) are ignored, and only the first `:` separates key from value (values such as `os:Linux 6.1`
 * or `executable:/usr/bin/redis-server` keep theirs).
 */
export function parseInfo(text: string): InfoField[] {
  const out: InfoField[] = [];
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('# ')) {
      section = line.slice(2).trim();
      continue;
    }
    if (line.length < 2) continue;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    out.push({ section, key: line.slice(0, colon), value: line.slice(colon + 1) });
  }
  return out;
}

/**
 * Splits a comma-separated `name=value` list, as in keyspace lines (`keys=3,expires=1,avg_ttl=0`), command
 * stats (`calls=2,usec=16,...`) and replica lines (`ip=...,port=...,state=online`). A part without `=` makes the
 * whole value invalid (undefined), as it does for redis_exporter.
 */
export function parseKeyValueList(value: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.indexOf('=', eq + 1) >= 0) return undefined;
    out.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return out;
}

const GO_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A number as Go's strconv.ParseFloat reads it (decimal and exponent forms, `inf`, `infinity`, `nan` in any
 * case), else undefined.
 */
export function parseGoFloat(text: string): number | undefined {
  const s = text.trim();
  if (GO_FLOAT.test(s)) return Number(s);
  const lower = s.toLowerCase();
  if (lower === 'nan') return NaN;
  if (/^[+]?inf(inity)?$/.test(lower)) return Infinity;
  if (/^-inf(inity)?$/.test(lower)) return -Infinity;
  return undefined;
}
