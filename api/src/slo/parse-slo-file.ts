import { readFile } from 'node:fs/promises';
import { LineCounter, isMap, isScalar, parseAllDocuments } from 'yaml';
import { buildOpenSloDefinitions, readOpenSloSli, readOpenSloSlo, type OpenSloDraft, type OpenSloSli } from './parse-openslo.js';
import { readSlothSpec } from './parse-sloth.js';
import type { SloDefinition, SloFileProblem } from './slo-definition.js';
import { SloYamlReader } from './slo-yaml-reader.js';

/** One SLO file read: what it defines (SLOs whose SLI lives elsewhere are still drafts) and its problems. */
export interface ParsedSloFile {
  readonly file: string;
  readonly definitions: readonly SloDefinition[];
  readonly drafts: readonly OpenSloDraft[];
  readonly slis: readonly OpenSloSli[];
  readonly problems: readonly SloFileProblem[];
}

/** OpenSLO kinds that may sit beside SLOs in a file and that the engine does not use. */
const IGNORED_OPENSLO_KINDS: ReadonlySet<string> = new Set(['Service', 'DataSource', 'AlertPolicy', 'AlertCondition', 'AlertNotificationTarget']);

/**
 * Parses one SLO file: any number of YAML documents, each an OpenSLO v1 object (`apiVersion: openslo/v1`) or a
 * Sloth spec (`version: prometheus/v1`). SLOs with an inline indicator, or an `indicatorRef` to an SLI of the
 * same file, become definitions; others stay drafts for `loadSloFiles` to join across files.
 */
export function parseSloFile(text: string, file: string): ParsedSloFile {
  const lc = new LineCounter();
  const r = new SloYamlReader(file, lc);
  const definitions: SloDefinition[] = [];
  const drafts: OpenSloDraft[] = [];
  const slis: OpenSloSli[] = [];
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      r.problems.push({ file, line: e.linePos?.[0].line ?? lc.linePos(e.pos[0]).line, field: '', message: `YAML syntax error: ${e.message.split('\n')[0]}` });
      continue;
    }
    const root = doc.contents;
    if (root === null || (isScalar(root) && root.value === null)) continue;
    if (!isMap(root)) {
      r.problem(root, '', 'an SLO document must be a mapping (OpenSLO apiVersion: openslo/v1, or Sloth version: prometheus/v1)');
      continue;
    }
    const fields = r.map(root, '');
    if (!fields) continue;
    const apiVersion = fields.get('apiVersion');
    const version = fields.get('version');
    if (apiVersion) {
      const v = r.string(apiVersion, 'apiVersion');
      if (v !== 'openslo/v1') {
        r.problem(apiVersion.value, 'apiVersion', `unsupported apiVersion "${v ?? ''}" (supported: openslo/v1)`);
        continue;
      }
      const kindField = fields.get('kind');
      const kind = r.string(kindField, 'kind', { required: true });
      if (kind === 'SLO') {
        const draft = readOpenSloSlo(fields, r, root);
        if (draft) drafts.push(draft);
      } else if (kind === 'SLI') {
        const sli = readOpenSloSli(fields, r);
        if (sli) slis.push(sli);
      } else if (kind !== undefined && !IGNORED_OPENSLO_KINDS.has(kind)) {
        r.problem(kindField?.value, 'kind', `unknown OpenSLO kind "${kind}" (SLO, SLI, Service, DataSource, AlertPolicy, AlertCondition, AlertNotificationTarget)`);
      }
    } else if (version) {
      const v = r.string(version, 'version');
      if (v !== 'prometheus/v1') {
        r.problem(version.value, 'version', `unsupported Sloth spec version "${v ?? ''}" (supported: prometheus/v1)`);
        continue;
      }
      definitions.push(...readSlothSpec(fields, r));
    } else {
      r.problem(root, '', 'not an SLO document: expected OpenSLO (apiVersion: openslo/v1) or Sloth (version: prometheus/v1)');
    }
  }
  const local = new Map(slis.map((s) => [s.name, s]));
  const pending: OpenSloDraft[] = [];
  for (const d of drafts) {
    const sli = d.sli ?? (d.indicatorRef ? local.get(d.indicatorRef.name) : undefined);
    if (sli) definitions.push(...buildOpenSloDefinitions(d, sli, r));
    else if (d.indicatorRef) pending.push(d);
  }
  return { file, definitions, drafts: pending, slis, problems: r.problems };
}

/** The outcome of loading every SLO file: the good files' SLOs, and every problem of the rejected ones. */
export interface SloLoadResult {
  readonly files: readonly string[];
  readonly definitions: readonly SloDefinition[];
  readonly problems: readonly SloFileProblem[];
}

/**
 * Reads and parses the files, joins SLOs with SLIs referenced across files, and rejects a whole file when any
 * of its documents has a problem (the other files still load). SLO names must be unique over all files.
 */
export async function loadSloFiles(files: readonly string[]): Promise<SloLoadResult> {
  const parsed: ParsedSloFile[] = [];
  const problems: SloFileProblem[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      problems.push({ file, line: undefined, field: '', message: `cannot read: ${(err as Error).message}` });
      continue;
    }
    parsed.push(parseSloFile(text, file));
  }
  const slis = new Map<string, OpenSloSli>();
  for (const p of parsed) if (p.problems.length === 0) for (const s of p.slis) if (!slis.has(s.name)) slis.set(s.name, s);
  const definitions: SloDefinition[] = [];
  const seen = new Map<string, SloDefinition>();
  for (const p of parsed) {
    const fileProblems = [...p.problems];
    const defs = [...p.definitions];
    const r = new SloYamlReader(p.file, new LineCounter());
    for (const d of p.drafts) {
      const ref = d.indicatorRef;
      const sli = ref ? slis.get(ref.name) : undefined;
      if (!ref) continue;
      if (!sli) {
        fileProblems.push({ file: p.file, line: ref.source.line, field: ref.source.field, message: `no SLI named "${ref.name}" (kind: SLI, metadata.name) in the SLO files` });
        continue;
      }
      defs.push(...buildOpenSloDefinitions(d, sli, r));
    }
    fileProblems.push(...r.problems);
    for (const d of defs) {
      const prev = seen.get(d.name);
      if (prev) fileProblems.push({ file: p.file, line: d.source.line, field: d.source.field || 'metadata.name', message: `SLO "${d.name}" is already defined at ${prev.source.file}:${prev.source.line}` });
    }
    if (fileProblems.length > 0) {
      problems.push(...fileProblems);
      continue;
    }
    for (const d of defs) {
      seen.set(d.name, d);
      definitions.push(d);
    }
  }
  return { files, definitions, problems };
}
