import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments, type Node, type Pair, type Scalar } from 'yaml';
import { parseDuration } from '../config/duration.js';
import { parseQuery } from '../query/parse-query.js';
import type { Expr } from '../query/ast.js';
import { resolveAliasesAndMerges } from './yaml-aliases.js';
import { checkAlertTemplate } from './template/alert-template.js';
import type { RuleFileProblem, RuleGroupSpec, RuleSpec } from './rule-spec.js';

/**
 * Reads a Prometheus rule file (`groups: [{name, interval, limit, rules: [...]}]`) with the checks of
 * Prometheus 2.42's rulefmt (what `promtool check rules` runs): unknown fields, types, durations, empty and
 * repeated group names, record xor alert, expr present and valid PromQL, no for/keep_firing_for/annotations on
 * recording rules, valid record names, label and annotation names, and alert templates that parse.
 * Returns the groups when the file is valid, else every problem found (each with file, line and field).
 */
export function parseRuleFile(text: string, file: string): { groups: RuleGroupSpec[]; problems: RuleFileProblem[] } {
  const problems: RuleFileProblem[] = [];
  const lc = new LineCounter();
  const lineOf = (node: Node | null | undefined): number | undefined => (node?.range ? lc.linePos(node.range[0]).line : undefined);
  const problem = (node: Node | null | undefined, field: string, message: string): void => {
    problems.push({ file, line: lineOf(node), field, message });
  };

  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, merge: true });
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (!doc) return { groups: [], problems };
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    problems.push({ file, line: e.linePos?.[0].line ?? lc.linePos(e.pos[0]).line, field: '', message: `YAML syntax error: ${e.message.split('\n')[0]}` });
    return { groups: [], problems };
  }
  resolveAliasesAndMerges(doc);
  const root = doc.contents;
  if (root === null || isNullScalar(root)) return { groups: [], problems };
  if (!isMap(root)) {
    problem(root, '', `cannot unmarshal ${tagOf(root)} into rulefmt.RuleGroups (a rule file is a mapping with "groups")`);
    return { groups: [], problems };
  }

  const groupNodes: Array<{ node: Node | null; index: number }> = [];
  for (const pair of pairs(root)) {
    const key = keyOf(pair);
    if (key === 'groups') {
      const v = pair.value as Node | null;
      if (v === null || isNullScalar(v)) continue;
      if (!isSeq(v)) problem(v, 'groups', `cannot unmarshal ${tagOf(v)} into []rulefmt.RuleGroup`);
      else v.items.forEach((item, index) => {
        // yaml.v3 leaves a null sequence item out (promtool: `- ` alone is no group)
        if (item !== null && !isNullScalar(item as Node)) groupNodes.push({ node: item as Node, index });
      });
    } else {
      problem(pair.key as Node, key, 'field not found in type rulefmt.RuleGroups (unknown field)');
    }
  }

  const decoded: Array<{ group: DecodedGroup; node: Node | null; index: number }> = [];
  for (const { node, index } of groupNodes) {
    decoded.push({ group: decodeGroup(node, `groups[${index}]`, problem), node, index });
  }
  // yaml.v3 reports type errors before rulefmt validates: a file with decode errors stops here, as in Prometheus.
  if (problems.length > 0) return { groups: [], problems };

  const groups: RuleGroupSpec[] = [];
  const seen = new Set<string>();
  for (const { group, node, index } of decoded) {
    const field = `groups[${index}]`;
    if (group.name === '') problem(node, `${field}.name`, 'Groupname must not be empty');
    else if (seen.has(group.name)) problem(group.nameNode ?? node, `${field}.name`, `groupname: "${group.name}" is repeated in the same file`);
    seen.add(group.name);
    const rules: RuleSpec[] = [];
    group.rules.forEach((r, i) => {
      const spec = validateRule(r, `${field}.rules[${i}]`, `group "${group.name}", rule ${i + 1}`, problem, lineOf);
      if (spec) rules.push(spec);
    });
    groups.push({ file, name: group.name, intervalMs: group.intervalMs, limit: group.limit, rules });
  }
  return problems.length > 0 ? { groups: [], problems } : { groups, problems };
}

type Problem = (node: Node | null | undefined, field: string, message: string) => void;

interface DecodedRule {
  readonly node: Node | null;
  record?: { value: string; node: Node };
  alert?: { value: string; node: Node };
  expr?: { value: string; node: Node };
  forMs: number;
  keepFiringForMs: number;
  labels: Array<{ key: string; value: string; node: Node }>;
  annotations: Array<{ key: string; value: string; node: Node }>;
}

interface DecodedGroup {
  name: string;
  nameNode?: Node;
  intervalMs: number | undefined;
  limit: number;
  rules: DecodedRule[];
}

function pairs(map: Node): Pair[] {
  return isMap(map) ? (map.items as Pair[]) : [];
}

function keyOf(pair: Pair): string {
  const k = pair.key;
  if (isScalar(k)) return scalarText(k);
  return String(k);
}

function isNullScalar(node: Node): boolean {
  return isScalar(node) && node.value === null;
}

function tagOf(node: Node): string {
  if (isMap(node)) return '!!map';
  if (isSeq(node)) return '!!seq';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return '!!null';
    if (typeof v === 'boolean') return `!!bool \`${scalarText(node)}\``;
    if (typeof v === 'number') return `${Number.isInteger(v) && !/[.eE]/.test(scalarText(node)) ? '!!int' : '!!float'} \`${scalarText(node)}\``;
    return `!!str \`${scalarText(node)}\``;
  }
  return '!!alias';
}

/** The scalar as written (yaml.v3 keeps the text: `1.0` stays "1.0", a quoted string loses its quotes). */
function scalarText(node: Scalar): string {
  const src = (node as Scalar & { source?: string }).source;
  if (node.type === 'PLAIN' && typeof src === 'string') return src;
  return node.value === null ? '' : String(node.value);
}

/** A string field (yaml.v3 decodes any scalar into a string; null is ""). */
function decodeString(node: Node | null, field: string, problem: Problem): string | undefined {
  if (node === null || isNullScalar(node)) return '';
  if (!isScalar(node)) {
    problem(node, field, `cannot unmarshal ${tagOf(node)} into string`);
    return undefined;
  }
  return scalarText(node);
}

/** A yaml.Node field (record, alert, expr): any node; its Value is the scalar text, "" for collections. */
function decodeNodeValue(node: Node | null): string {
  if (node === null) return '';
  if (isScalar(node)) {
    const src = (node as Scalar & { source?: string }).source;
    if (node.type === 'PLAIN' && typeof src === 'string') return src;
    return node.value === null ? '' : String(node.value);
  }
  return '';
}

function decodeDuration(node: Node | null, field: string, problem: Problem): number | undefined {
  if (node === null || isNullScalar(node)) return 0;
  const text = decodeString(node, field, problem);
  if (text === undefined) return undefined;
  try {
    return parseDuration(text);
  } catch {
    problem(node, field, `not a valid duration string: "${text}"`);
    return undefined;
  }
}

function decodeInt(node: Node | null, field: string, problem: Problem): number {
  if (node === null || isNullScalar(node)) return 0;
  if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) && !/[.eE]/.test(scalarText(node))) return node.value;
  problem(node, field, `cannot unmarshal ${tagOf(node)} into int`);
  return 0;
}

function decodeStringMap(node: Node | null, field: string, problem: Problem): Array<{ key: string; value: string; node: Node }> {
  const out: Array<{ key: string; value: string; node: Node }> = [];
  if (node === null || isNullScalar(node)) return out;
  if (!isMap(node)) {
    problem(node, field, `cannot unmarshal ${tagOf(node)} into map[string]string`);
    return out;
  }
  for (const pair of pairs(node)) {
    const keyNode = pair.key as Node;
    const key = isScalar(keyNode) ? scalarText(keyNode) : undefined;
    if (key === undefined) {
      problem(keyNode, field, `cannot unmarshal ${tagOf(keyNode)} into string`);
      continue;
    }
    const value = decodeString(pair.value as Node | null, `${field}.${key}`, problem);
    if (value !== undefined) out.push({ key, value, node: (pair.value as Node | null) ?? keyNode });
  }
  return out;
}

const GROUP_FIELDS: ReadonlySet<string> = new Set(['name', 'interval', 'limit', 'rules']);
const RULE_FIELDS: ReadonlySet<string> = new Set(['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);

function decodeGroup(node: Node | null, field: string, problem: Problem): DecodedGroup {
  const group: DecodedGroup = { name: '', intervalMs: undefined, limit: 0, rules: [] };
  if (node === null || isNullScalar(node)) return group;
  if (!isMap(node)) {
    problem(node, field, `cannot unmarshal ${tagOf(node)} into rulefmt.RuleGroup`);
    return group;
  }
  for (const pair of pairs(node)) {
    const key = keyOf(pair);
    const v = pair.value as Node | null;
    if (!GROUP_FIELDS.has(key)) {
      problem(pair.key as Node, `${field}.${key}`, `field ${key} not found in type rulefmt.RuleGroup (unknown field)`);
      continue;
    }
    if (key === 'name') {
      group.name = decodeString(v, `${field}.name`, problem) ?? '';
      group.nameNode = v ?? undefined;
    } else if (key === 'interval') {
      const ms = decodeDuration(v, `${field}.interval`, problem);
      group.intervalMs = ms === undefined || ms === 0 ? undefined : ms;
    } else if (key === 'limit') {
      group.limit = decodeInt(v, `${field}.limit`, problem);
    } else if (v !== null && !isNullScalar(v)) {
      if (!isSeq(v)) problem(v, `${field}.rules`, `cannot unmarshal ${tagOf(v)} into []rulefmt.RuleNode`);
      else
        v.items.forEach((item, i) => {
          if (item !== null && !isNullScalar(item as Node)) group.rules.push(decodeRule(item as Node, `${field}.rules[${i}]`, problem));
        });
    }
  }
  return group;
}

function decodeRule(node: Node | null, field: string, problem: Problem): DecodedRule {
  const rule: DecodedRule = { node, forMs: 0, keepFiringForMs: 0, labels: [], annotations: [] };
  if (node === null || isNullScalar(node)) return rule;
  if (!isMap(node)) {
    problem(node, field, `cannot unmarshal ${tagOf(node)} into rulefmt.RuleNode`);
    return rule;
  }
  for (const pair of pairs(node)) {
    const key = keyOf(pair);
    const v = pair.value as Node | null;
    const f = `${field}.${key}`;
    if (!RULE_FIELDS.has(key)) {
      problem(pair.key as Node, f, `field ${key} not found in type rulefmt.RuleNode (unknown field)`);
      continue;
    }
    switch (key) {
      case 'record':
      case 'alert':
      case 'expr':
        rule[key] = { value: decodeNodeValue(v), node: v ?? (pair.key as Node) };
        break;
      case 'for':
        rule.forMs = decodeDuration(v, f, problem) ?? 0;
        break;
      case 'keep_firing_for':
        rule.keepFiringForMs = decodeDuration(v, f, problem) ?? 0;
        break;
      case 'labels':
        rule.labels = decodeStringMap(v, f, problem);
        break;
      default:
        rule.annotations = decodeStringMap(v, f, problem);
    }
  }
  return rule;
}

const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function validateRule(
  r: DecodedRule,
  field: string,
  where: string,
  problem: Problem,
  lineOf: (node: Node | null | undefined) => number | undefined,
): RuleSpec | undefined {
  const record = r.record?.value ?? '';
  const alert = r.alert?.value ?? '';
  const name = record !== '' ? record : alert;
  const at = `${where}${name !== '' ? `, "${name}"` : ''}`;
  let failed = false;
  const fail = (node: Node | null | undefined, f: string, msg: string): void => {
    failed = true;
    problem(node ?? r.node, f, `${at}: ${msg}`);
  };
  if (record !== '' && alert !== '') fail(r.record?.node, `${field}.record`, "only one of 'record' and 'alert' must be set");
  if (record === '' && alert === '') fail(r.node, field, "one of 'record' or 'alert' must be set");
  let expr: Expr | undefined;
  const exprText = r.expr?.value ?? '';
  if (exprText === '') {
    fail(r.expr?.node ?? r.node, `${field}.expr`, "field 'expr' must be set in rule");
  } else {
    try {
      expr = parseQuery(exprText);
    } catch (err) {
      fail(r.expr?.node, `${field}.expr`, `could not parse expression: ${(err as Error).message}`);
    }
  }
  if (record !== '') {
    if (r.annotations.length > 0) fail(r.node, `${field}.annotations`, "invalid field 'annotations' in recording rule");
    if (r.forMs !== 0) fail(r.node, `${field}.for`, "invalid field 'for' in recording rule");
    if (r.keepFiringForMs !== 0) fail(r.node, `${field}.keep_firing_for`, "invalid field 'keep_firing_for' in recording rule");
    if (!METRIC_NAME_RE.test(record)) fail(r.record?.node, `${field}.record`, `invalid recording rule name: ${record}`);
  }
  for (const l of r.labels) {
    if (!LABEL_NAME_RE.test(l.key) || l.key === '__name__') fail(l.node, `${field}.labels.${l.key}`, `invalid label name: ${l.key}`);
  }
  for (const a of r.annotations) {
    if (!LABEL_NAME_RE.test(a.key)) fail(a.node, `${field}.annotations.${a.key}`, `invalid annotation name: ${a.key}`);
  }
  if (alert !== '') {
    for (const l of r.labels) {
      const err = checkAlertTemplate(alert, l.value);
      if (err !== undefined) fail(l.node, `${field}.labels.${l.key}`, `label "${l.key}": ${err}`);
    }
    for (const a of r.annotations) {
      const err = checkAlertTemplate(alert, a.value);
      if (err !== undefined) fail(a.node, `${field}.annotations.${a.key}`, `annotation "${a.key}": ${err}`);
    }
  }
  if (failed || expr === undefined) return undefined;
  return {
    kind: record !== '' ? 'record' : 'alert',
    name,
    expr,
    exprText,
    forMs: r.forMs,
    keepFiringForMs: r.keepFiringForMs,
    labels: Object.fromEntries(r.labels.map((l) => [l.key, l.value])),
    annotations: Object.fromEntries(r.annotations.map((a) => [a.key, a.value])),
    line: lineOf(r.node) ?? 0,
  };
}
