// Character-level helpers shared by the text 0.0.4 and OpenMetrics parsers (char codes, no regex per char).

/** `\\` -> `\`, `\"` -> `"`, `\n` -> newline; other escapes are kept as written (as Prometheus does). */
export function unescape(text: string): string {
  return text.replace(/\\([\\"n])/g, (_m, c: string) => (c === 'n' ? '\n' : c));
}

/** The end of a metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`) starting at `start`; `start` itself when there is none. */
export function scanMetricName(line: string, start: number): number {
  let pos = start;
  const first = line.charCodeAt(pos);
  if (!(isLetter(first) || first === 0x5f || first === 0x3a)) return start;
  pos++;
  for (;;) {
    const c = line.charCodeAt(pos);
    if (isLetter(c) || isDigit(c) || c === 0x5f || c === 0x3a) pos++;
    else return pos;
  }
}

/** The end of a label name (`[a-zA-Z_][a-zA-Z0-9_]*`) starting at `start`; `start` itself when there is none. */
export function scanLabelName(line: string, start: number): number {
  let pos = start;
  const first = line.charCodeAt(pos);
  if (!(isLetter(first) || first === 0x5f)) return start;
  pos++;
  for (;;) {
    const c = line.charCodeAt(pos);
    if (isLetter(c) || isDigit(c) || c === 0x5f) pos++;
    else return pos;
  }
}

export function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

