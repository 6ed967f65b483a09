import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { LineCounter, isNode, parseDocument } from 'yaml';
import { parseQuery, parseSeriesSelector } from '../query/parse-query.js';
import {
  BoardFileSchema,
  DEFAULT_WIDTH,
  STATE_PANEL_TYPES,
  type Board,
  type BoardFile,
  type BoardProblem,
  type Panel,
  type PanelType,
} from './board-schema.js';

export type BoardParseResult = { readonly ok: true; readonly board: Board } | { readonly ok: false; readonly problem: BoardProblem };

export interface LoadedBoards {
  /** Valid boards, by `order` then title. */
  readonly boards: readonly Board[];
  /** One entry per file that could not be used. */
  readonly problems: readonly BoardProblem[];
}

const BOARD_FILE = /\.ya?ml$/;
/** Grafana's built-in interval variables, replaced by the dashboard; a plausible value stands in when parsing. */
const BUILTIN_VARIABLES: Readonly<Record<string, string>> = { __rate_interval: '5m', __interval: '1m', __range: '1h' };

type FieldPath = readonly (string | number)[];
type PanelFile = BoardFile['rows'][number]['panels'][number];
type BuiltPanel = { readonly ok: true; readonly panel: Panel } | { readonly ok: false; readonly field: FieldPath; readonly message: string };

/** Fields that only panels drawing a query use. */
const QUERY_FIELDS = ['query', 'queries', 'legend', 'unit', 'currency', 'decimals', 'min', 'max', 'thresholds', 'stacked'] as const;
/** Fields of the panels that read the api's state, by type. */
const STATE_FIELDS: Readonly<Record<(typeof STATE_PANEL_TYPES)[number], readonly ('slos' | 'filter' | 'pending')[]>> = {
  'slo-summary': ['slos'],
  alerts: ['filter', 'pending'],
};
const STATE_SOURCE: Readonly<Record<(typeof STATE_PANEL_TYPES)[number], string>> = { 'slo-summary': '/api/v1/slos', alerts: '/api/v1/alerts' };

/**
 * Parses and validates one board file. Problems name the file, the line and the field (`rows.0.panels.2.unit`):
 * YAML syntax, schema (unknown keys, wrong types, unknown unit or panel type), a query panel with neither `query` nor
 * `queries` (or both), a `$variable` that the board does not declare, PromQL that does not parse, a field that the
 * panel's type does not use (`query` on an alerts panel, `filter` on a stat), and `slos`/`filter` matchers that do not parse.
 */
export function parseBoardText(text: string, file: string): BoardParseResult {
  const name = path.basename(file).replace(BOARD_FILE, '');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const problem = (field: FieldPath, message: string, line?: number): BoardParseResult => ({
    ok: false,
    problem: { name, file, line: line ?? lineOf(field), field: field.join('.'), message },
  });
  const lineOf = (p: FieldPath): number | undefined => {
    for (let n = p.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(p.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    return problem([], `YAML syntax error: ${e.message.split('\n')[0]}`, e.linePos?.[0].line ?? lineCounter.linePos(e.pos[0]).line);
  }
  const raw: unknown = doc.toJS() ?? {};
  if (!Value.Check(BoardFileSchema, raw)) {
    const first = firstSchemaError(raw);
    return problem(first.path, first.message);
  }
  const spec: BoardFile = raw;
  const declared = new Set((spec.variables ?? []).map((v) => v.name));
  const rows: Board['rows'] = [];
  for (const [r, row] of spec.rows.entries()) {
    const panels: Board['rows'][number]['panels'] = [];
    for (const [p, panel] of row.panels.entries()) {
      const at: FieldPath = ['rows', r, 'panels', p];
      const built = isStatePanel(panel.type) ? statePanel(panel, panel.type, at) : queryPanel(panel, at, declared);
      if (!built.ok) return problem(built.field, built.message);
      panels.push(built.panel);
    }
    rows.push({ title: row.title, panels });
  }
  return {
    ok: true,
    board: {
      name,
      file,
      title: spec.title,
      ...(spec.description !== undefined ? { description: spec.description } : {}),
      order: spec.order ?? 100,
      defaultRange: spec.defaultRange ?? '1h',
      variables: (spec.variables ?? []).map((v) => ({
        name: v.name,
        label: v.label ?? v.name,
        ...(v.match !== undefined ? { match: v.match } : {}),
        title: v.title ?? v.name,
        includeAll: v.includeAll ?? true,
        multi: v.multi ?? false,
      })),
      rows,
    },
  };
}

function isStatePanel(type: PanelType): type is (typeof STATE_PANEL_TYPES)[number] {
  return (STATE_PANEL_TYPES as readonly string[]).includes(type);
}

/** A timeseries, stat, gauge, bar or table panel: one query or several, each parsed as PromQL with its variables. */
function queryPanel(panel: PanelFile, at: FieldPath, declared: ReadonlySet<string>): BuiltPanel {
  const fail = (field: FieldPath, message: string): BuiltPanel => ({ ok: false, field, message });
  for (const [type, fields] of Object.entries(STATE_FIELDS)) {
    for (const f of fields) if (panel[f] !== undefined) return fail([...at, f], `${f} is for ${type} panels, not ${panel.type}`);
  }
  if (panel.query !== undefined && panel.queries !== undefined) return fail([...at, 'queries'], 'set either query or queries, not both');
  if (panel.query === undefined && panel.queries === undefined) return fail(at, 'a panel needs a query (or queries)');
  if (panel.legend !== undefined && panel.queries !== undefined) return fail([...at, 'legend'], 'with queries, set legend on each query');
  const queries = panel.queries ?? [{ query: panel.query as string, ...(panel.legend !== undefined ? { legend: panel.legend } : {}) }];
  for (const [q, query] of queries.entries()) {
    const field: FieldPath = panel.queries ? [...at, 'queries', q, 'query'] : [...at, 'query'];
    const unknownVar = undeclaredVariable(query.query, declared);
    if (unknownVar !== undefined) return fail(field, `$${unknownVar} is not a variable of this board (declare it under variables)`);
    try {
      parseQuery(withPlaceholders(query.query));
    } catch (err) {
      return fail(field, `PromQL: ${(err as Error).message}`);
    }
  }
  return {
    ok: true,
    panel: {
      title: panel.title,
      type: panel.type,
      ...(panel.description !== undefined ? { description: panel.description } : {}),
      queries,
      unit: panel.unit ?? 'short',
      ...(panel.currency !== undefined ? { currency: panel.currency } : {}),
      ...(panel.decimals !== undefined ? { decimals: panel.decimals } : {}),
      ...(panel.min !== undefined ? { min: panel.min } : {}),
      ...(panel.max !== undefined ? { max: panel.max } : {}),
      thresholds: [...(panel.thresholds ?? [])].sort((a, b) => a.value - b.value),
      width: panel.width ?? DEFAULT_WIDTH[panel.type],
      stacked: panel.stacked ?? false,
    },
  };
}

/** A slo-summary or alerts panel: no query; its matchers (`slos`, `filter`) must parse as PromQL label matchers. */
function statePanel(panel: PanelFile, type: (typeof STATE_PANEL_TYPES)[number], at: FieldPath): BuiltPanel {
  const fail = (field: FieldPath, message: string): BuiltPanel => ({ ok: false, field, message });
  for (const f of QUERY_FIELDS) {
    if (panel[f] !== undefined) return fail([...at, f], `${f} is not used by a ${type} panel (it shows ${STATE_SOURCE[type]}); remove it`);
  }
  for (const [other, fields] of Object.entries(STATE_FIELDS)) {
    if (other === type) continue;
    for (const f of fields) if (panel[f] !== undefined) return fail([...at, f], `${f} is for ${other} panels, not ${type}`);
  }
  for (const f of ['slos', 'filter'] as const) {
    const text = panel[f];
    if (text === undefined) continue;
    const inner = text.trim().replace(/^\{([\s\S]*)\}$/, '$1');
    try {
      parseSeriesSelector(`ALERTS{${inner}}`);
    } catch (err) {
      return fail([...at, f], `label matchers such as {severity="critical"}: ${(err as Error).message}`);
    }
  }
  return {
    ok: true,
    panel: {
      title: panel.title,
      type,
      ...(panel.description !== undefined ? { description: panel.description } : {}),
      queries: [],
      ...(panel.slos !== undefined ? { slos: panel.slos } : {}),
      ...(panel.filter !== undefined ? { filter: panel.filter } : {}),
      ...(type === 'alerts' ? { pending: panel.pending ?? false } : {}),
      unit: 'none',
      thresholds: [],
      width: panel.width ?? DEFAULT_WIDTH[type],
      stacked: false,
    },
  };
}

/** Reads every `*.yaml`/`*.yml` in `dir` (not recursive). A missing folder is an empty set of boards. */
export async function loadBoards(dir: string): Promise<LoadedBoards> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => BOARD_FILE.test(n)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { boards: [], problems: [] };
    throw err;
  }
  const boards: Board[] = [];
  const problems: BoardProblem[] = [];
  const seen = new Map<string, string>();
  for (const fileName of names) {
    const file = path.join(dir, fileName);
    const result = parseBoardText(await readFile(file, 'utf8'), file);
    if (!result.ok) {
      problems.push(result.problem);
      continue;
    }
    const other = seen.get(result.board.name);
    if (other !== undefined) {
      problems.push({ name: result.board.name, file, field: '', message: `same board name as ${other}; rename one of the files` });
      continue;
    }
    seen.set(result.board.name, file);
    boards.push(result.board);
  }
  boards.sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));
  return { boards, problems };
}

function undeclaredVariable(query: string, declared: ReadonlySet<string>): string | undefined {
  for (const m of query.matchAll(/\$(\w+)|\$\{(\w+)\}/g)) {
    const v = m[1] ?? m[2];
    if (!(v in BUILTIN_VARIABLES) && !declared.has(v)) return v;
  }
  return undefined;
}

function withPlaceholders(query: string): string {
  return query.replace(/\$(\w+)|\$\{(\w+)\}/g, (_m, a: string | undefined, b: string | undefined) => BUILTIN_VARIABLES[a ?? b ?? ''] ?? 'x');
}

function firstSchemaError(raw: unknown): { path: (string | number)[]; message: string } {
  // Union errors (type, unit) say least; the deepest path names the field best.
  let best: { path: (string | number)[]; message: string } | undefined;
  for (const e of Value.Errors(BoardFileSchema, raw)) {
    const p = e.path
      .split('/')
      .filter((s) => s !== '')
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
    const description = typeof e.schema.description === 'string' ? ` (${e.schema.description})` : '';
    const message = e.message === 'Unexpected property' ? 'unknown field' : `${e.message}${description}`;
    if (!best || p.length > best.path.length) best = { path: p, message };
  }
  return best ?? { path: [], message: 'invalid board' };
}
