/**
 * Unquotes a PromQL string literal with Go's rules: "..." and '...' with backslash escapes
 * (\a \b \f \n \r \t \v \\ \' \" \NNN octal, \xNN, \uNNNN, \UNNNNNNNN), and `...` raw.
 * Throws a RangeError describing the problem.
 */
const SIMPLE: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

export function unquoteString(text: string): string {
  const quote = text[0];
  if (text.length < 2 || text[text.length - 1] !== quote || !['"', "'", '`'].includes(quote)) {
    throw new RangeError('unterminated quoted string');
  }
  const body = text.slice(1, -1);
  if (quote === '`') return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      if (c === quote) throw new RangeError(`unexpected ${quote} in string`);
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) throw new RangeError('invalid escape sequence at end of string');
    if (e in SIMPLE) {
      if ((e === "'" && quote === '"') || (e === '"' && quote === "'")) throw new RangeError(`invalid escape sequence \\${e}`);
      out += SIMPLE[e];
      continue;
    }
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const hex = body.slice(i + 1, i + 1 + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(hex)) throw new RangeError(`invalid escape sequence \\${e}${hex}`);
      const code = parseInt(hex, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new RangeError(`invalid escape sequence \\${e}${hex}`);
      out += String.fromCodePoint(code);
      i += hexLen;
      continue;
    }
    if (e >= '0' && e <= '7') {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) throw new RangeError(`invalid escape sequence \\${oct}`);
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
      continue;
    }
    throw new RangeError(`unknown escape sequence \\${e}`);
  }
  return out;
}
