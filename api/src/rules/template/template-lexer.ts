/**
 * The lexer of Go's text/template (the syntax of Prometheus alert templates): text, `{{ }}` actions with trim
 * markers (`{{- ` and ` -}}`), comments, and the items inside an action. Errors carry Go's wording.
 */
export type ItemType =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'identifier'
  | 'keyword'
  | 'field'
  | 'variable'
  | 'dot'
  | 'string'
  | 'rawString'
  | 'char'
  | 'number'
  | 'bool'
  | 'nil'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'declare'
  | 'assign'
  | 'comma'
  | 'eof';

export interface Item {
  readonly type: ItemType;
  readonly value: string;
  readonly line: number;
  /** Byte offset in the template text (Go's parse.Pos, for `line:col` in execution errors). */
  readonly pos: number;
}

export class TemplateSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'TemplateSyntaxError';
  }
}

const KEYWORDS: ReadonlySet<string> = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);
const LEFT = '{{';
const RIGHT = '}}';

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

function isAlphaNumeric(c: string): boolean {
  return c === '_' || /^[\p{L}\p{Nd}]$/u.test(c);
}

/** Splits a template into items; throws TemplateSyntaxError (unclosed action, unterminated string...). */
export function lexTemplate(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let line = 1;
  const emit = (type: ItemType, value: string): void => {
    items.push({ type, value, line, pos });
    line += value.split('\n').length - 1;
  };

  while (pos < input.length) {
    const open = input.indexOf(LEFT, pos);
    if (open < 0) {
      emit('text', input.slice(pos));
      break;
    }
    let text = input.slice(pos, open);
    let after = open + LEFT.length;
    const trimLeft = input[after] === '-' && isSpace(input[after + 1] ?? '');
    if (trimLeft) {
      text = text.replace(/[ \t\r\n]+$/, '');
      after += 2;
    }
    if (text !== '') emit('text', text);
    line += input.slice(pos + text.length, open).split('\n').length - 1;
    pos = after;
    // a comment: {{/* ... */}} right after the delimiter (and trim marker)
    if (input.startsWith('/*', pos)) {
      const close = input.indexOf('*/', pos + 2);
      if (close < 0) throw new TemplateSyntaxError(line, 'unclosed comment');
      line += input.slice(pos, close).split('\n').length - 1;
      pos = close + 2;
      let trimRight = false;
      if (input.startsWith(` -${RIGHT}`, pos) || (isSpace(input[pos] ?? '') && input.startsWith(`-${RIGHT}`, pos + 1))) {
        trimRight = true;
        pos += 1 + 1;
      }
      if (!input.startsWith(RIGHT, pos)) throw new TemplateSyntaxError(line, 'comment ends before closing delimiter');
      pos += RIGHT.length;
      if (trimRight) pos = skipSpace(input, pos, (n) => (line += n));
      continue;
    }
    emit('leftDelim', LEFT);
    pos = lexInsideAction(input, pos, items, () => line, (n) => (line += n));
  }
  items.push({ type: 'eof', value: '', line, pos: input.length });
  return items;
}

function skipSpace(input: string, pos: number, addLines: (n: number) => void): number {
  let p = pos;
  while (p < input.length && isSpace(input[p])) {
    if (input[p] === '\n') addLines(1);
    p++;
  }
  return p;
}

function lexInsideAction(input: string, start: number, items: Item[], lineOf: () => number, addLines: (n: number) => void): number {
  let pos = start;
  let parenDepth = 0;
  const push = (type: ItemType, value: string): void => {
    items.push({ type, value, line: lineOf(), pos });
    addLines(value.split('\n').length - 1);
  };
  for (;;) {
    // the right delimiter, with or without the trim marker
    if (input[pos] !== undefined && isSpace(input[pos]) && input.startsWith(`-${RIGHT}`, pos + 1)) {
      if (parenDepth > 0) throw new TemplateSyntaxError(lineOf(), 'unclosed left paren');
      addLines(input[pos] === '\n' ? 1 : 0);
      push('rightDelim', RIGHT);
      return skipSpace(input, pos + 2 + RIGHT.length, addLines);
    }
    if (input.startsWith(RIGHT, pos)) {
      if (parenDepth > 0) throw new TemplateSyntaxError(lineOf(), 'unclosed left paren');
      push('rightDelim', RIGHT);
      return pos + RIGHT.length;
    }
    const c = input[pos];
    if (c === undefined) throw new TemplateSyntaxError(lineOf(), 'unclosed action');
    if (isSpace(c)) {
      let end = pos;
      while (end < input.length && isSpace(input[end]) && !input.startsWith(`-${RIGHT}`, end + 1)) end++;
      push('space', input.slice(pos, end));
      pos = end;
      continue;
    }
    if (c === '=') {
      push('assign', '=');
      pos++;
    } else if (c === ':') {
      if (input[pos + 1] !== '=') throw new TemplateSyntaxError(lineOf(), 'expected :=');
      push('declare', ':=');
      pos += 2;
    } else if (c === '|') {
      push('pipe', '|');
      pos++;
    } else if (c === ',') {
      push('comma', ',');
      pos++;
    } else if (c === '(') {
      parenDepth++;
      push('leftParen', '(');
      pos++;
    } else if (c === ')') {
      parenDepth--;
      if (parenDepth < 0) throw new TemplateSyntaxError(lineOf(), 'unexpected right paren');
      push('rightParen', ')');
      pos++;
    } else if (c === '"') {
      const end = scanQuoted(input, pos, '"', lineOf);
      push('string', input.slice(pos, end));
      pos = end;
    } else if (c === "'") {
      const end = scanQuoted(input, pos, "'", lineOf);
      push('char', input.slice(pos, end));
      pos = end;
    } else if (c === '`') {
      const close = input.indexOf('`', pos + 1);
      if (close < 0) throw new TemplateSyntaxError(lineOf(), 'unterminated raw quoted string');
      push('rawString', input.slice(pos, close + 1));
      pos = close + 1;
    } else if (c === '$') {
      let end = pos + 1;
      while (end < input.length && isAlphaNumeric(input[end])) end++;
      push('variable', input.slice(pos, end));
      pos = end;
    } else if (c === '.') {
      if (/[0-9]/.test(input[pos + 1] ?? '')) {
        const end = scanNumber(input, pos, lineOf);
        push('number', input.slice(pos, end));
        pos = end;
      } else {
        let end = pos + 1;
        while (end < input.length && isAlphaNumeric(input[end])) end++;
        push(end === pos + 1 ? 'dot' : 'field', input.slice(pos, end));
        pos = end;
      }
    } else if (c === '+' || c === '-' || /[0-9]/.test(c)) {
      const end = scanNumber(input, pos, lineOf);
      push('number', input.slice(pos, end));
      pos = end;
    } else if (isAlphaNumeric(c)) {
      let end = pos;
      while (end < input.length && isAlphaNumeric(input[end])) end++;
      const word = input.slice(pos, end);
      const type: ItemType = KEYWORDS.has(word) ? 'keyword' : word === 'true' || word === 'false' ? 'bool' : word === 'nil' ? 'nil' : 'identifier';
      push(type, word);
      pos = end;
    } else {
      throw new TemplateSyntaxError(lineOf(), `unrecognized character in action: ${JSON.stringify(c)}`);
    }
  }
}

function scanQuoted(input: string, start: number, quote: string, lineOf: () => number): number {
  let p = start + 1;
  for (;;) {
    const c = input[p];
    if (c === undefined || c === '\n') {
      throw new TemplateSyntaxError(lineOf(), quote === '"' ? 'unterminated quoted string' : 'unterminated character constant');
    }
    if (c === '\\') p += 2;
    else if (c === quote) return p + 1;
    else p++;
  }
}

function scanNumber(input: string, start: number, lineOf: () => number): number {
  let p = start;
  if (input[p] === '+' || input[p] === '-') p++;
  let digits = '0123456789_';
  if (input[p] === '0' && /[xXoObB]/.test(input[p + 1] ?? '')) {
    const base = input[p + 1].toLowerCase();
    digits = base === 'x' ? '0123456789abcdefABCDEF_' : base === 'o' ? '01234567_' : '01_';
    p += 2;
  }
  while (p < input.length && digits.includes(input[p])) p++;
  if (input[p] === '.') {
    p++;
    while (p < input.length && digits.includes(input[p])) p++;
  }
  if (digits.length === 11 && /[eE]/.test(input[p] ?? '')) {
    p++;
    if (input[p] === '+' || input[p] === '-') p++;
    while (p < input.length && /[0-9_]/.test(input[p])) p++;
  } else if (digits.length > 11 && /[pP]/.test(input[p] ?? '')) {
    p++;
    if (input[p] === '+' || input[p] === '-') p++;
    while (p < input.length && /[0-9_]/.test(input[p])) p++;
  }
  if (input[p] === 'i') p++;
  if (p < input.length && isAlphaNumeric(input[p])) {
    throw new TemplateSyntaxError(lineOf(), `bad number syntax: ${JSON.stringify(input.slice(start, p + 1))}`);
  }
  return p;
}
