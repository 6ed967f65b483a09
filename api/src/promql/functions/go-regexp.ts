/** RE2's ASCII classes, valid inside a bracket expression (`[[:alpha:]_]`). */
const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/**
 * Go RE2 regular expressions as JavaScript ones, for the syntax PromQL users write: `(?P<name>...)` groups, leading
 * flag groups such as `(?i)` (JavaScript has no inline flags), POSIX classes `[[:alpha:]]`, and `\A`/`\z`.
 * Throws SyntaxError like `new RegExp`.
 */
export function compileGoRegexp(source: string, anchored: boolean): RegExp {
  let flags = '';
  let body = source;
  const leadingFlags = /^\(\?([imsU]+)\)/.exec(body);
  if (leadingFlags) {
    body = body.slice(leadingFlags[0].length);
    for (const f of leadingFlags[1]) {
      if ((f === 'i' || f === 's' || f === 'm') && !flags.includes(f)) flags += f;
    }
  }
  body = body
    .replace(/\(\?P</g, '(?<')
    .replace(/\[:(\^?)([a-z]+):\]/g, (whole: string, negated: string, name: string) => {
      const chars = POSIX_CLASSES[name];
      if (chars === undefined || negated !== '') return whole;
      return chars;
    })
    .replace(/(^|[^\\])\\A/g, '$1^')
    .replace(/(^|[^\\])\\z/g, '$1$$');
  return new RegExp(anchored ? '^(?:' + body + ')$' : body, flags);
}

/**
 * Go's `Regexp.ExpandString`: `$1`, `${1}`, `$name`, `${name}` take the group's text (empty if the group did not
 * take part or does not exist; `$1x` names group "1x"), `$$` is a dollar, and a malformed `$` stays as is.
 */
export function expandGoTemplate(template: string, match: RegExpExecArray): string {
  let out = '';
  let rest = template;
  for (;;) {
    const dollar = rest.indexOf('$');
    if (dollar < 0) break;
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const ref = extractReference(rest);
    if (ref === undefined) {
      out += '$';
      continue;
    }
    rest = ref.rest;
    if (ref.num >= 0) {
      out += match[ref.num] ?? '';
    } else {
      out += match.groups?.[ref.name] ?? '';
    }
  }
  return out + rest;
}

function extractReference(text: string): { name: string; num: number; rest: string } | undefined {
  let str = text;
  const brace = str.startsWith('{');
  if (brace) str = str.slice(1);
  const nameMatch = /^[\p{L}\p{Nd}_]*/u.exec(str);
  const name = nameMatch ? nameMatch[0] : '';
  if (name === '') return undefined;
  let i = name.length;
  if (brace) {
    if (str[i] !== '}') return undefined;
    i++;
  }
  let num = /^[0-9]+$/.test(name) && name.length <= 8 ? Number(name) : -1;
  if (name.length > 1 && name.startsWith('0')) num = -1;
  return { name, num, rest: str.slice(i) };
}
