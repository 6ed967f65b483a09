/**
 * Rewrites RE2 syntax that JavaScript (Node 20) lacks into an equivalent JavaScript pattern: the
 * case-insensitive flag `(?i)` / `(?i:...)` becomes explicit letter classes, and `(?P<name>` becomes `(?<name>`.
 * Other patterns are returned unchanged.
 */
export function re2ToJavaScript(source: string): string {
  if (!source.includes('(?')) return source;
  let out = '';
  const stack: boolean[] = [];
  let ci = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '[') {
      const end = classEnd(source, i);
      out += ci ? foldClass(source.slice(i, end + 1)) : source.slice(i, end + 1);
      i = end;
      continue;
    }
    if (c === '(') {
      const flags = /^\(\?([a-zA-Z]+)(\)|:)/.exec(source.slice(i));
      if (flags && flags[1].includes('i') && !flags[1].includes('-')) {
        if (flags[2] === ')') {
          ci = true;
        } else {
          stack.push(ci);
          ci = true;
          out += '(?:';
        }
        i += flags[0].length - 1;
        continue;
      }
      stack.push(ci);
      if (source.startsWith('(?P<', i)) {
        out += '(?<';
        i += 3;
        continue;
      }
      out += c;
      continue;
    }
    if (c === ')') {
      ci = stack.pop() ?? false;
      out += c;
      continue;
    }
    out += ci && c.toLowerCase() !== c.toUpperCase() ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c;
  }
  return out;
}

function classEnd(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === '^') i++;
  if (source[i] === ']') i++;
  for (; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return source.length - 1;
}

/** Adds the other case of every letter and letter range of a character class. */
function foldClass(cls: string): string {
  const body = cls.slice(1, -1);
  let extra = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') {
      i++;
      continue;
    }
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const a = body[i];
      const b = body[i + 2];
      if (/[a-z]/.test(a) && /[a-z]/.test(b)) extra += `${a.toUpperCase()}-${b.toUpperCase()}`;
      else if (/[A-Z]/.test(a) && /[A-Z]/.test(b)) extra += `${a.toLowerCase()}-${b.toLowerCase()}`;
      i += 2;
      continue;
    }
    const ch = body[i];
    if (ch.toLowerCase() !== ch.toUpperCase()) extra += ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase();
  }
  return `[${body}${extra}]`;
}
