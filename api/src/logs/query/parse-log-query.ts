import { AppError } from '../../errors/app-error.js';
import { LOG_RECORD_LEVELS } from '../log-record.js';
import { MATCH_ALL, type LogField, type LogQuery } from './log-query-ast.js';

/** Longest query text accepted, in characters. */
export const MAX_LOG_QUERY_LENGTH = 4096;

/** Names a `field:` filter may use for the record's own fields (ECS spellings included); anything else is an attribute. */
const FIELD_ALIASES: Readonly<Record<string, LogField>> = {
  level: 'level',
  'log.level': 'level',
  service: 'service',
  'service.name': 'service',
  host: 'host',
  'host.name': 'host',
  trace_id: 'traceId',
  traceId: 'traceId',
  'trace.id': 'traceId',
  span_id: 'spanId',
  spanId: 'spanId',
  'span.id': 'spanId',
  message: 'message',
  msg: 'message',
};

const FIELD_NAME = /^[A-Za-z_@][A-Za-z0-9_.@/-]*$/;
const SEARCHABLE = /[\p{L}\p{N}]/u;

type Token =
  | { type: 'lparen' | 'rparen' | 'or' | 'and' | 'not'; pos: number }
  | { type: 'text'; pos: number; text: string; phrase: boolean; prefix: boolean }
  | { type: 'field'; pos: number; name: string; value: string; quoted: boolean; prefix: boolean };

/** A query syntax error: AppError bad_data (400) whose message names the 1-based position. */
function syntaxError(message: string, offset: number): AppError {
  return new AppError('bad_data', `invalid query: ${message} at position ${offset + 1}`, { position: { offset, column: offset + 1 } });
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Reads `"..."` starting at `start` (the opening quote). Backslash escapes the next character. */
function readQuoted(src: string, start: number): { text: string; end: number } {
  let text = '';
  for (let i = start + 1; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      if (i + 1 >= src.length) break;
      text += src[++i];
    } else if (c === '"') {
      return { text, end: i + 1 };
    } else {
      text += c;
    }
  }
  throw syntaxError('unterminated quote', start);
}

/** Reads a bare word from `start`: up to whitespace, a parenthesis or a quote. Backslash escapes the next character. */
function readBare(src: string, start: number): { text: string; raw: string; end: number; escapedStar: boolean } {
  let text = '';
  let i = start;
  let lastEscaped = false;
  while (i < src.length) {
    const c = src[i];
    if (isSpace(c) || c === '(' || c === ')' || c === '"') break;
    if (c === '\\') {
      if (i + 1 >= src.length) throw syntaxError('nothing to escape after "\\"', i);
      text += src[i + 1];
      i += 2;
      lastEscaped = true;
      continue;
    }
    text += c;
    lastEscaped = false;
    i++;
  }
  return { text, raw: src.slice(start, i), end: i, escapedStar: lastEscaped };
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      out.push({ type: c === '(' ? 'lparen' : 'rparen', pos: i });
      i++;
      continue;
    }
    if (c === '-') {
      const next = src[i + 1];
      if (next === undefined || isSpace(next) || next === ')') throw syntaxError('nothing to negate after "-"', i);
      out.push({ type: 'not', pos: i });
      i++;
      continue;
    }
    if (c === '"') {
      const q = readQuoted(src, i);
      const prefix = src[q.end] === '*';
      out.push({ type: 'text', pos: i, text: q.text, phrase: true, prefix });
      i = q.end + (prefix ? 1 : 0);
      continue;
    }
    const word = readBare(src, i);
    if (word.raw === 'OR' || word.raw === 'AND' || word.raw === 'NOT') {
      out.push({ type: word.raw === 'OR' ? 'or' : word.raw === 'AND' ? 'and' : 'not', pos: i });
      i = word.end;
      continue;
    }
    const colon = word.raw.indexOf(':');
    const name = colon > 0 ? word.raw.slice(0, colon) : '';
    if (colon > 0 && FIELD_NAME.test(name)) {
      const valueStart = i + colon + 1;
      if (src[valueStart] === '"') {
        const q = readQuoted(src, valueStart);
        const prefix = src[q.end] === '*';
        out.push({ type: 'field', pos: i, name, value: q.text, quoted: true, prefix });
        i = q.end + (prefix ? 1 : 0);
        continue;
      }
      const value = readBare(src, valueStart);
      if (value.raw === '') throw syntaxError(`missing value after "${name}:"`, valueStart);
      const prefix = value.text.endsWith('*') && !value.escapedStar;
      out.push({ type: 'field', pos: i, name, value: prefix ? value.text.slice(0, -1) : value.text, quoted: false, prefix });
      i = value.end;
      continue;
    }
    const prefix = word.text.endsWith('*') && !word.escapedStar;
    out.push({ type: 'text', pos: i, text: prefix ? word.text.slice(0, -1) : word.text, phrase: false, prefix });
    i = word.end;
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly length: number,
  ) {}

  parseQuery(): LogQuery {
    if (this.tokens.length === 0) return MATCH_ALL;
    const q = this.parseOr();
    const t = this.tokens[this.i];
    if (t !== undefined) throw syntaxError(t.type === 'rparen' ? 'unmatched ")"' : 'unexpected input', t.pos);
    return q;
  }

  private parseOr(): LogQuery {
    const operands = [this.parseAnd()];
    while (this.tokens[this.i]?.type === 'or') {
      const orToken = this.tokens[this.i++];
      if (this.atEndOfGroup()) throw syntaxError('missing search term after OR', this.nextPos(orToken.pos + 2));
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  }

  private parseAnd(): LogQuery {
    const operands: LogQuery[] = [];
    for (;;) {
      const t = this.tokens[this.i];
      if (t === undefined || t.type === 'rparen' || t.type === 'or') break;
      if (t.type === 'and') {
        if (operands.length === 0) throw syntaxError('AND needs a search term before it', t.pos);
        this.i++;
        if (this.atEndOfGroup()) throw syntaxError('missing search term after AND', this.nextPos(t.pos + 3));
        continue;
      }
      operands.push(this.parseUnary());
    }
    if (operands.length === 0) {
      const t = this.tokens[this.i];
      throw syntaxError(t?.type === 'or' ? 'OR needs a search term before it' : 'missing search term', t?.pos ?? this.length);
    }
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  }

  private parseUnary(): LogQuery {
    const t = this.tokens[this.i];
    if (t?.type === 'not') {
      this.i++;
      const next = this.tokens[this.i];
      if (next === undefined || next.type === 'rparen' || next.type === 'or' || next.type === 'and') {
        throw syntaxError('nothing to negate after NOT', next?.pos ?? this.length);
      }
      return { kind: 'not', operand: this.parseUnary(), position: t.pos };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): LogQuery {
    const t = this.tokens[this.i++];
    switch (t.type) {
      case 'lparen': {
        if (this.tokens[this.i]?.type === 'rparen') throw syntaxError('empty parentheses', t.pos);
        const inner = this.parseOr();
        const close = this.tokens[this.i];
        if (close?.type !== 'rparen') throw syntaxError('unclosed "("', t.pos);
        this.i++;
        return inner;
      }
      case 'text':
        if (!SEARCHABLE.test(t.text)) {
          throw syntaxError(
            t.text === '' && t.prefix ? 'a wildcard needs a word before "*"' : `${JSON.stringify(t.text)} has no letters or digits to search for`,
            t.pos,
          );
        }
        return { kind: 'text', text: t.text, phrase: t.phrase, prefix: t.prefix, position: t.pos };
      case 'field':
        return fieldNode(t);
      default:
        throw syntaxError(`unexpected ${t.type.toUpperCase()}`, t.pos);
    }
  }

  private atEndOfGroup(): boolean {
    const t = this.tokens[this.i];
    return t === undefined || t.type === 'rparen' || t.type === 'or' || t.type === 'and';
  }

  private nextPos(fallback: number): number {
    return this.tokens[this.i]?.pos ?? Math.min(fallback, this.length);
  }
}

function fieldNode(t: Extract<Token, { type: 'field' }>): LogQuery {
  const field = FIELD_ALIASES[t.name];
  if (field === 'message') {
    if (!SEARCHABLE.test(t.value)) throw syntaxError(`message:${JSON.stringify(t.value)} has no letters or digits to search for`, t.pos);
    return { kind: 'text', text: t.value, phrase: t.quoted, prefix: t.prefix, position: t.pos };
  }
  if (field === 'level') {
    const value = t.value.toLowerCase();
    if (!t.prefix && !(LOG_RECORD_LEVELS as readonly string[]).includes(value)) {
      throw syntaxError(`unknown level ${JSON.stringify(t.value)} (levels: ${LOG_RECORD_LEVELS.join(', ')})`, t.pos);
    }
    return { kind: 'field', field, value, prefix: t.prefix, position: t.pos };
  }
  return { kind: 'field', field: field ?? { attribute: t.name }, value: t.value, prefix: t.prefix, position: t.pos };
}

/**
 * Parses the `query=` parameter of the log search API. Empty (or blank) text matches everything.
 * Syntax errors are AppError('bad_data') naming the 1-based position, e.g. `unterminated quote at position 17`.
 */
export function parseLogQuery(text: string): LogQuery {
  if (text.length > MAX_LOG_QUERY_LENGTH) throw new AppError('bad_data', `invalid query: longer than ${MAX_LOG_QUERY_LENGTH} characters`);
  return new Parser(tokenize(text), text.length).parseQuery();
}
