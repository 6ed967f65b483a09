import type { Command, Operand, ParsedTemplate, Pipeline, TemplateNode } from './template-ast.js';
import { TemplateSyntaxError, lexTemplate, type Item, type ItemType } from './template-lexer.js';
import { unquoteGoString } from './go-string.js';

type Control = { readonly kind: 'end' } | { readonly kind: 'else'; readonly elseIf: boolean };

const TERM_STARTS: ReadonlySet<ItemType> = new Set([
  'bool',
  'char',
  'dot',
  'field',
  'identifier',
  'number',
  'nil',
  'rawString',
  'string',
  'variable',
  'leftParen',
]);

/**
 * Parses a Go text/template the way text/template/parse does, including its parse-time checks: functions must
 * exist in `functions`, variables must be declared in scope, `{{else}}`/`{{end}}` must match. Throws
 * TemplateSyntaxError with Go's wording (`function "x" not defined`, `undefined variable "$x"`...).
 */
export function parseTemplate(name: string, text: string, functions: ReadonlySet<string>): ParsedTemplate {
  return new TemplateParser(name, text, lexTemplate(text), functions).parse();
}

class TemplateParser {
  private pos = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private readonly defines = new Map<string, TemplateNode[]>();

  constructor(
    private readonly name: string,
    private readonly text: string,
    private readonly items: readonly Item[],
    private readonly functions: ReadonlySet<string>,
  ) {}

  parse(): ParsedTemplate {
    const root: TemplateNode[] = [];
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const save = this.pos;
        this.next();
        const kw = this.nextNonSpace();
        if (kw.type === 'keyword' && kw.value === 'define') {
          this.parseDefinition();
          continue;
        }
        this.pos = save;
      }
      const n = this.textOrAction();
      if ('kind' in n && (n.kind === 'end' || n.kind === 'else')) throw this.error(`unexpected {{${n.kind}}}`);
      root.push(n as TemplateNode);
    }
    return { name: this.name, text: this.text, root, defines: this.defines };
  }

  private parseDefinition(): void {
    const nameItem = this.nextNonSpace();
    if (nameItem.type !== 'string' && nameItem.type !== 'rawString') throw this.error(`unexpected ${describe(nameItem)} in define clause`);
    const name = unquoteGoString(nameItem.value);
    this.expect('rightDelim', 'define clause');
    const savedVars = this.vars;
    this.vars = ['$'];
    const [list, next] = this.itemList();
    this.vars = savedVars;
    if (next.kind !== 'end') throw this.error('unexpected {{else}} in define clause');
    this.defines.set(name, list);
  }

  private peek(): Item {
    return this.items[this.pos];
  }

  private next(): Item {
    const item = this.items[this.pos];
    if (item.type !== 'eof') this.pos++;
    return item;
  }

  private peekNonSpace(): Item {
    while (this.items[this.pos].type === 'space') this.pos++;
    return this.items[this.pos];
  }

  private nextNonSpace(): Item {
    this.peekNonSpace();
    return this.next();
  }

  private error(msg: string): TemplateSyntaxError {
    return new TemplateSyntaxError(this.items[Math.max(0, this.pos - 1)]?.line ?? 1, msg);
  }

  private expect(type: ItemType, context: string): Item {
    const item = this.nextNonSpace();
    if (item.type !== type) throw this.error(`unexpected ${describe(item)} in ${context}`);
    return item;
  }

  private itemList(): [TemplateNode[], Control] {
    const list: TemplateNode[] = [];
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if ('kind' in n && (n.kind === 'end' || n.kind === 'else')) return [list, n as Control];
      list.push(n as TemplateNode);
    }
    throw this.error('unexpected EOF');
  }

  private textOrAction(): TemplateNode | Control {
    const item = this.nextNonSpace();
    if (item.type === 'text') return { kind: 'text', text: item.value };
    if (item.type === 'leftDelim') return this.action();
    throw this.error(`unexpected ${describe(item)} in input`);
  }

  private action(): TemplateNode | Control {
    const item = this.nextNonSpace();
    if (item.type === 'keyword') {
      switch (item.value) {
        case 'block':
          return this.blockControl();
        case 'break':
        case 'continue':
          if (this.rangeDepth === 0) throw this.error(`{{${item.value}}} outside {{range}}`);
          this.expect('rightDelim', item.value);
          return { kind: item.value, line: item.line };
        case 'else': {
          if (this.peekNonSpace().type === 'keyword' && this.peek().value === 'if') return { kind: 'else', elseIf: true };
          this.expect('rightDelim', 'else');
          return { kind: 'else', elseIf: false };
        }
        case 'end':
          this.expect('rightDelim', 'end');
          return { kind: 'end' };
        case 'if':
          return this.control('if', true);
        case 'range':
          return this.control('range', false);
        case 'with':
          return this.control('with', false);
        case 'template':
          return this.templateControl();
        default:
          break;
      }
    }
    this.pos--;
    return { kind: 'action', line: item.line, pipe: this.pipeline('command', 'rightDelim') };
  }

  private control(kind: 'if' | 'range' | 'with', allowElseIf: boolean): TemplateNode {
    const line = this.items[this.pos - 1].line;
    const saved = this.vars.length;
    const pipe = this.pipeline(kind, 'rightDelim');
    if (kind === 'range') this.rangeDepth++;
    const [list, next] = this.itemList();
    if (kind === 'range') this.rangeDepth--;
    let elseList: TemplateNode[] | undefined;
    if (next.kind === 'else') {
      if (allowElseIf && next.elseIf) {
        this.nextNonSpace(); // the "if"
        elseList = [this.control('if', true)];
      } else {
        let end: Control;
        [elseList, end] = this.itemList();
        if (end.kind !== 'end') throw this.error('expected end; found {{else}}');
      }
    }
    this.vars.length = saved;
    return { kind, line, pipe, list, elseList };
  }

  private templateControl(): TemplateNode {
    const line = this.items[this.pos - 1].line;
    const nameItem = this.nextNonSpace();
    if (nameItem.type !== 'string' && nameItem.type !== 'rawString') throw this.error(`unexpected ${describe(nameItem)} in template clause`);
    const name = unquoteGoString(nameItem.value);
    let pipe: Pipeline | undefined;
    if (this.peekNonSpace().type !== 'rightDelim') pipe = this.pipeline('template clause', 'rightDelim');
    else this.next();
    return { kind: 'template', line, name, pipe };
  }

  private blockControl(): TemplateNode {
    const line = this.items[this.pos - 1].line;
    const nameItem = this.nextNonSpace();
    if (nameItem.type !== 'string' && nameItem.type !== 'rawString') throw this.error(`unexpected ${describe(nameItem)} in block clause`);
    const name = unquoteGoString(nameItem.value);
    const pipe = this.pipeline('block clause', 'rightDelim');
    const savedVars = this.vars;
    this.vars = ['$'];
    const [list, next] = this.itemList();
    this.vars = savedVars;
    if (next.kind !== 'end') throw this.error('unexpected {{else}} in block clause');
    this.defines.set(name, list);
    return { kind: 'template', line, name, pipe };
  }

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): Pipeline {
    const line = this.peekNonSpace().line;
    const decl: string[] = [];
    let isAssign = false;
    // declarations: $x := / $x = / $i, $v :=
    const start = this.pos;
    const v = this.peekNonSpace();
    if (v.type === 'variable') {
      this.next();
      const after = this.peekNonSpace();
      if (after.type === 'declare' || after.type === 'assign') {
        this.next();
        isAssign = after.type === 'assign';
        decl.push(v.value);
        if (!isAssign) this.vars.push(v.value);
        else if (!this.vars.includes(v.value)) throw this.error(`undefined variable "${v.value}"`);
      } else if (after.type === 'comma' && context === 'range') {
        this.next();
        const v2 = this.nextNonSpace();
        if (v2.type !== 'variable') throw this.error(`range can only initialize variables`);
        const op = this.nextNonSpace();
        if (op.type !== 'declare' && op.type !== 'assign') throw this.error(`unexpected ${describe(op)} in range`);
        isAssign = op.type === 'assign';
        decl.push(v.value, v2.value);
        if (!isAssign) this.vars.push(v.value, v2.value);
      } else if (after.type === 'comma') {
        throw this.error(`too many declarations in ${context}`);
      } else {
        this.pos = start;
      }
    } else {
      this.pos = start;
    }
    const cmds: Command[] = [];
    for (;;) {
      const item = this.peekNonSpace();
      if (item.type === end) {
        this.next();
        if (cmds.length === 0) throw this.error(`missing value for ${context}`);
        for (let i = 1; i < cmds.length; i++) {
          const k = cmds[i].args[0].kind;
          if (k === 'bool' || k === 'dot' || k === 'nil' || k === 'number' || k === 'string') {
            throw this.error(`non executable command in pipeline stage ${i + 1}`);
          }
        }
        return { line, decl, isAssign, cmds };
      }
      if (TERM_STARTS.has(item.type)) cmds.push(this.command());
      else throw this.error(`unexpected ${describe(item)} in ${context}`);
    }
  }

  private command(): Command {
    const pos = this.peekNonSpace().pos;
    const args: Operand[] = [];
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) args.push(operand);
      const token = this.next();
      if (token.type === 'space') continue;
      if (token.type === 'rightDelim' || token.type === 'rightParen') this.pos--;
      else if (token.type !== 'pipe') throw this.error(`unexpected ${describe(token)} in operand`);
      break;
    }
    if (args.length === 0) throw this.error('empty command');
    return { args, pos };
  }

  private operand(): Operand | undefined {
    const node = this.term();
    if (!node) return undefined;
    if (this.peek().type !== 'field') return node;
    const path: string[] = [];
    while (this.peek().type === 'field') path.push(this.next().value.slice(1));
    switch (node.kind) {
      case 'field':
        return { kind: 'field', path: [...node.path, ...path] };
      case 'variable':
        return { kind: 'variable', name: node.name, path: [...node.path, ...path] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        throw this.error(`unexpected . after term`);
      default:
        return { kind: 'chain', node, path };
    }
  }

  private term(): Operand | undefined {
    const item = this.nextNonSpace();
    switch (item.type) {
      case 'identifier':
        if (!this.functions.has(item.value)) throw this.error(`function "${item.value}" not defined`);
        return { kind: 'identifier', name: item.value };
      case 'dot':
        return { kind: 'dot' };
      case 'nil':
        return { kind: 'nil' };
      case 'variable':
        if (!this.vars.includes(item.value)) throw this.error(`undefined variable "${item.value}"`);
        return { kind: 'variable', name: item.value, path: [] };
      case 'field':
        return { kind: 'field', path: [item.value.slice(1)] };
      case 'bool':
        return { kind: 'bool', value: item.value === 'true' };
      case 'char':
      case 'number':
        return parseNumber(item, () => this.error(`illegal number syntax: ${item.value}`));
      case 'leftParen':
        return { kind: 'pipeline', pipe: this.pipeline('parenthesized pipeline', 'rightParen') };
      case 'string':
      case 'rawString':
        try {
          return { kind: 'string', value: unquoteGoString(item.value), quoted: item.value };
        } catch {
          throw this.error(`bad string syntax: ${item.value}`);
        }
      default:
        this.pos--;
        return undefined;
    }
  }
}

function describe(item: Item): string {
  if (item.type === 'eof') return 'EOF';
  if (item.type === 'rightDelim') return '"}}"';
  if (item.type === 'keyword') return `<${item.value}>`;
  return JSON.stringify(item.value);
}

function parseNumber(item: Item, fail: () => Error): Operand {
  if (item.type === 'char') {
    const s = unquoteGoString(`"${item.value.slice(1, -1).replace(/"/g, '\\"')}"`);
    const cp = s.codePointAt(0);
    if (cp === undefined || [...s].length !== 1) throw fail();
    return { kind: 'number', text: item.value, int: BigInt(cp), float: cp };
  }
  const text = item.value.replace(/_/g, '');
  if (text.endsWith('i')) throw fail();
  const unsigned = text.replace(/^[+-]/, '');
  const negative = text.startsWith('-');
  if (/^0[xX][0-9a-fA-F]+$|^0[oO][0-7]+$|^0[bB][01]+$|^0[0-7]*$|^[1-9][0-9]*$/.test(unsigned)) {
    let n = /^0[0-7]+$/.test(unsigned) ? BigInt(`0o${unsigned.slice(1)}`) : BigInt(unsigned);
    if (negative) n = -n;
    return { kind: 'number', text: item.value, int: n, float: Number(n) };
  }
  const f = Number(text);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || !Number.isFinite(f)) throw fail();
  // Go: a float constant with an integral value is also an int constant (1e3 is usable as an int).
  return Number.isInteger(f) && Math.abs(f) <= Number.MAX_SAFE_INTEGER
    ? { kind: 'number', text: item.value, int: BigInt(f), float: f }
    : { kind: 'number', text: item.value, float: f };
}
