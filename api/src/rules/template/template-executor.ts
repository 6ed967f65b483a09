import type { Command, Operand, ParsedTemplate, Pipeline, TemplateNode } from './template-ast.js';
import { formatValue } from './go-fmt.js';
import { GoMap, GoStruct, goTypeName, isTrue, type TemplateValue } from './template-value.js';

/** A template function: gets evaluated arguments (the piped value last); throws to fail the execution. */
export type TemplateFunction = (...args: TemplateValue[]) => TemplateValue | Promise<TemplateValue>;

export class TemplateExecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateExecError';
  }
}

class BreakSignal {}
class ContinueSignal {}

interface Variable {
  readonly name: string;
  value: TemplateValue;
}

/** Go's `and`/`or` evaluate their arguments lazily (Go 1.18+): the executor handles them itself. */
const LAZY = new Set(['and', 'or']);

/**
 * Executes a parsed template with Go text/template semantics and `missingkey=zero`: a missing map key reads as
 * the map's zero value, a missing struct field is an error. Functions may be async (`query`).
 */
export async function executeTemplate(tmpl: ParsedTemplate, data: TemplateValue, functions: ReadonlyMap<string, TemplateFunction>): Promise<string> {
  const state = new ExecState(tmpl, functions);
  const vars: Variable[] = [{ name: '$', value: data }];
  await state.walkList(tmpl.root, data, vars);
  return state.out;
}

class ExecState {
  out = '';
  private depth = 0;

  constructor(
    private readonly tmpl: ParsedTemplate,
    private readonly functions: ReadonlyMap<string, TemplateFunction>,
  ) {}

  /** The command being evaluated: Go names it in execution errors (`at <humanize $value>`). */
  private at: Command | undefined;

  private fail(line: number, msg: string): never {
    const name = this.tmpl.name;
    if (!this.at) throw new TemplateExecError(`template: ${name}:${line}: executing "${name}": ${msg}`);
    const before = this.tmpl.text.slice(0, this.at.pos);
    const l = before.split('\n').length;
    const col = Buffer.byteLength(before.slice(before.lastIndexOf('\n') + 1), 'utf8');
    throw new TemplateExecError(`template: ${name}:${l}:${col}: executing "${name}" at <${commandString(this.at)}>: ${msg}`);
  }

  async walkList(list: readonly TemplateNode[], dot: TemplateValue, vars: Variable[]): Promise<void> {
    for (const node of list) await this.walk(node, dot, vars);
  }

  private async walk(node: TemplateNode, dot: TemplateValue, vars: Variable[]): Promise<void> {
    switch (node.kind) {
      case 'text':
        this.out += node.text;
        return;
      case 'action': {
        const v = await this.evalPipeline(node.pipe, dot, vars);
        if (node.pipe.decl.length === 0) this.out += printable(v);
        return;
      }
      case 'if':
      case 'with': {
        const mark = vars.length;
        const v = await this.evalPipeline(node.pipe, dot, vars);
        if (isTrue(v)) await this.walkList(node.list, node.kind === 'with' ? v : dot, vars);
        else if (node.elseList) await this.walkList(node.elseList, dot, vars);
        vars.length = mark;
        return;
      }
      case 'range':
        return this.walkRange(node, dot, vars);
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
      case 'template': {
        const body = this.tmpl.defines.get(node.name);
        if (!body) this.fail(node.line, `no such template "${node.name}"`);
        if (++this.depth > 1000) this.fail(node.line, 'exceeded maximum template depth (1000)');
        const newDot = node.pipe ? await this.evalPipeline(node.pipe, dot, vars) : null;
        await this.walkList(body, newDot, [{ name: '$', value: newDot }]);
        this.depth--;
        return;
      }
    }
  }

  private async walkRange(node: Extract<TemplateNode, { kind: 'range' }>, dot: TemplateValue, vars: Variable[]): Promise<void> {
    const mark = vars.length;
    const pipe = { ...node.pipe, decl: [] as string[] };
    const v = await this.evalPipeline(pipe, dot, vars);
    let entries: Array<[TemplateValue, TemplateValue]>;
    if (v === null) entries = [];
    else if (Array.isArray(v)) entries = v.map((e, i) => [BigInt(i), e]);
    else if (v instanceof GoMap) entries = [...v.entries.keys()].sort().map((k) => [k, v.entries.get(k) ?? null]);
    else return this.fail(node.line, `range can't iterate over ${formatValue(v as TemplateValue)}`);
    if (entries.length === 0) {
      if (node.elseList) await this.walkList(node.elseList, dot, vars);
      vars.length = mark;
      return;
    }
    for (const [key, elem] of entries) {
      const inner = vars.slice();
      const decl = node.pipe.decl;
      const set = (name: string, value: TemplateValue): void => {
        if (node.pipe.isAssign) {
          const target = findVar(vars, name);
          if (target) target.value = value;
        } else inner.push({ name, value });
      };
      if (decl.length === 1) set(decl[0], elem);
      else if (decl.length === 2) {
        set(decl[0], key);
        set(decl[1], elem);
      }
      try {
        await this.walkList(node.list, elem, inner);
      } catch (err) {
        if (err instanceof BreakSignal) break;
        if (err instanceof ContinueSignal) continue;
        throw err;
      }
    }
    vars.length = mark;
  }

  private async evalPipeline(pipe: Pipeline, dot: TemplateValue, vars: Variable[]): Promise<TemplateValue> {
    let value: TemplateValue | undefined;
    for (const cmd of pipe.cmds) value = await this.evalCommand(pipe.line, cmd, dot, vars, value);
    const result = value ?? null;
    if (pipe.decl.length > 0) {
      if (pipe.isAssign) {
        const target = findVar(vars, pipe.decl[0]);
        if (target) target.value = result;
      } else {
        vars.push({ name: pipe.decl[0], value: result });
      }
    }
    return result;
  }

  private async evalCommand(line: number, cmd: Command, dot: TemplateValue, vars: Variable[], final: TemplateValue | undefined): Promise<TemplateValue> {
    const saved = this.at;
    this.at = cmd;
    try {
      return await this.evalCommandAt(line, cmd, dot, vars, final);
    } finally {
      this.at = saved;
    }
  }

  private async evalCommandAt(line: number, cmd: Command, dot: TemplateValue, vars: Variable[], final: TemplateValue | undefined): Promise<TemplateValue> {
    const first = cmd.args[0];
    if (first.kind === 'identifier') return this.evalFunction(line, first.name, cmd.args.slice(1), dot, vars, final);
    if (cmd.args.length > 1 || final !== undefined) {
      if (first.kind === 'field' || first.kind === 'variable' || first.kind === 'chain') {
        // a field of a struct/map is never a method here
        this.fail(line, `can't give argument to non-function ${describeOperand(first)}`);
      }
      this.fail(line, `can't give argument to non-function ${describeOperand(first)}`);
    }
    if (first.kind === 'nil') this.fail(line, 'nil is not a command');
    return this.evalArg(line, first, dot, vars);
  }

  private async evalFunction(
    line: number,
    name: string,
    args: readonly Operand[],
    dot: TemplateValue,
    vars: Variable[],
    final: TemplateValue | undefined,
  ): Promise<TemplateValue> {
    if (LAZY.has(name)) {
      const all: Array<() => Promise<TemplateValue>> = args.map((a) => () => this.evalArg(line, a, dot, vars));
      if (final !== undefined) all.push(async () => final);
      if (all.length === 0) this.fail(line, `wrong number of args for ${name}: want at least 1 got 0`);
      let v: TemplateValue = null;
      for (const get of all) {
        v = await get();
        if (name === 'and' ? !isTrue(v) : isTrue(v)) return v;
      }
      return v;
    }
    const fn = this.functions.get(name);
    if (!fn) this.fail(line, `"${name}" is not a defined function`);
    const values: TemplateValue[] = [];
    for (const a of args) values.push(await this.evalArg(line, a, dot, vars));
    if (final !== undefined) values.push(final);
    try {
      return await fn(...values);
    } catch (err) {
      if (err instanceof TemplateExecError) throw err;
      return this.fail(line, `error calling ${name}: ${(err as Error).message}`);
    }
  }

  private async evalArg(line: number, op: Operand, dot: TemplateValue, vars: Variable[]): Promise<TemplateValue> {
    switch (op.kind) {
      case 'dot':
        return dot;
      case 'nil':
        return null;
      case 'bool':
        return op.value;
      case 'string':
        return op.value;
      case 'number':
        return op.int !== undefined && !/[.eEpP]/.test(op.text.replace(/^0[xX]/, '')) ? op.int : (op.float ?? Number(op.int));
      case 'field':
        return this.fields(line, dot, op.path);
      case 'variable': {
        const v = findVar(vars, op.name);
        if (!v) this.fail(line, `undefined variable: ${op.name}`);
        return this.fields(line, v.value, op.path);
      }
      case 'chain':
        return this.fields(line, await this.evalArg(line, op.node, dot, vars), op.path);
      case 'pipeline':
        return this.evalPipeline(op.pipe, dot, vars.slice());
      case 'identifier':
        return this.evalFunction(line, op.name, [], dot, vars, undefined);
    }
  }

  private fields(line: number, start: TemplateValue, path: readonly string[]): TemplateValue {
    let v = start;
    for (const name of path) {
      if (v instanceof GoMap) v = v.entries.has(name) ? (v.entries.get(name) ?? null) : v.zero;
      else if (v instanceof GoStruct) {
        if (!(name in v.fields)) this.fail(line, `can't evaluate field ${name} in type ${v.typeName}`);
        v = v.fields[name];
      } else if (v === null) this.fail(line, `nil pointer evaluating interface {}.${name}`);
      else this.fail(line, `can't evaluate field ${name} in type ${goTypeName(v)}`);
    }
    return v;
  }
}

function findVar(vars: readonly Variable[], name: string): Variable | undefined {
  for (let i = vars.length - 1; i >= 0; i--) if (vars[i].name === name) return vars[i];
  return undefined;
}

function pipelineString(pipe: Pipeline): string {
  const decl = pipe.decl.length > 0 ? `${pipe.decl.join(', ')} ${pipe.isAssign ? '=' : ':='} ` : '';
  return decl + pipe.cmds.map(commandString).join(' | ');
}

/** Go's CommandNode.String(): the operands as written, pipelines in parentheses. */
function commandString(cmd: Command): string {
  return cmd.args.map((a) => (a.kind === 'pipeline' ? `(${pipelineString(a.pipe)})` : describeOperand(a))).join(' ');
}

function describeOperand(op: Operand): string {
  switch (op.kind) {
    case 'field':
      return '.' + op.path.join('.');
    case 'variable':
      return [op.name, ...op.path].join('.');
    case 'string':
      return op.quoted;
    case 'identifier':
      return op.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'chain':
      return `${op.node.kind === 'pipeline' ? `(${pipelineString(op.node.pipe)})` : describeOperand(op.node)}.${op.path.join('.')}`;
    case 'pipeline':
      return `(${pipelineString(op.pipe)})`;
    case 'number':
      return op.text;
    case 'bool':
      return String(op.value);
  }
}

/** What `{{ x }}` prints: fmt's %v, and `<no value>` for nil. */
function printable(v: TemplateValue): string {
  return v === null ? '<no value>' : formatValue(v);
}
