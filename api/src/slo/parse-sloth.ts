import type { Node } from 'yaml';
import { parseDuration } from '../config/duration.js';
import { latencyOrRatio } from './parse-openslo.js';
import { hasWindowPlaceholder, labelsDroppedBy, parseTemplate } from './query-template.js';
import type { AlertSpec, QueryTemplate, SloDefinition, SloWindow } from './slo-definition.js';
import { groupByMessage, validateGroupBy } from './slo-extensions.js';
import type { SloYamlReader, YamlField } from './slo-yaml-reader.js';

/** Sloth's default SLO period (its `--default-slo-period`). */
export const SLOTH_DEFAULT_WINDOW = '30d';

const TOP_FIELDS = new Set(['version', 'service', 'labels', 'slos']);
const SLO_FIELDS = new Set(['name', 'objective', 'description', 'sli', 'labels', 'alerting', 'group_by', 'window']);
const ALERTING_FIELDS = new Set(['name', 'labels', 'annotations', 'page_alert', 'ticket_alert', 'min_traffic']);
const ALERT_FIELDS = new Set(['disable', 'labels', 'annotations']);
/** Sloth's name format for services and SLOs. */
const NAME_RE = /^[A-Za-z0-9][-A-Za-z0-9_.]*$/;
const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Reads a Sloth `version: prometheus/v1` spec: one definition per `slos[]` entry, named `<service>-<name>` (Sloth's
 * `sloth_id`). `error_query` and `total_query` must contain `{{.window}}` (Sloth requires it too).
 */
export function readSlothSpec(root: Map<string, YamlField>, r: SloYamlReader): SloDefinition[] {
  for (const [key, f] of root) if (!TOP_FIELDS.has(key)) r.problem(f.keyNode, key, `unknown field "${key}" (expected one of: ${[...TOP_FIELDS].join(', ')})`);
  const service = r.string(root.get('service'), 'service', { required: true });
  if (service !== undefined && !NAME_RE.test(service)) r.problem(root.get('service')?.value, 'service', `"${service}" is not a valid name`);
  const labels = readLabels(root.get('labels'), 'labels', r);
  const items = r.sequence(root.get('slos'), 'slos');
  if (!items || items.length === 0) {
    r.problem(root.get('slos')?.value ?? root.get('version')?.keyNode, 'slos', 'is required (at least one SLO)');
    return [];
  }
  const out: SloDefinition[] = [];
  items.forEach((item, i) => {
    const def = readSlo(item, `slos[${i}]`, service ?? '', labels, r);
    if (def) out.push(def);
  });
  return service === undefined ? [] : out;
}

function readSlo(node: Node | null, field: string, service: string, serviceLabels: Record<string, string>, r: SloYamlReader): SloDefinition | undefined {
  const slo = r.map(node, field, SLO_FIELDS, ['name', 'objective', 'sli']);
  if (!slo) return undefined;
  const name = r.string(slo.get('name'), `${field}.name`);
  if (name !== undefined && !NAME_RE.test(name)) r.problem(slo.get('name')?.value, `${field}.name`, `"${name}" is not a valid name`);
  const objective = r.number(slo.get('objective'), `${field}.objective`);
  if (objective !== undefined && !(objective > 0 && objective <= 100)) {
    r.problem(slo.get('objective')?.value, `${field}.objective`, `must be a percentage in (0, 100] (e.g. 99.9), not ${objective}`);
  }
  const sli = r.map(slo.get('sli')?.value ?? null, `${field}.sli`, new Set(['events', 'raw', 'plugin']));
  let good: { bad: QueryTemplate; total: QueryTemplate } | undefined;
  if (sli) {
    if (sli.has('raw') || sli.has('plugin')) {
      const which = sli.has('raw') ? 'raw' : 'plugin';
      r.problem(sli.get(which)?.keyNode, `${field}.sli.${which}`, `sli.${which} is not supported: give sli.events with error_query and total_query`);
    } else {
      const events = r.map(sli.get('events')?.value ?? null, `${field}.sli.events`, new Set(['error_query', 'total_query']), ['error_query', 'total_query']);
      const bad = events && readQuery(events.get('error_query'), `${field}.sli.events.error_query`, r);
      const total = events && readQuery(events.get('total_query'), `${field}.sli.events.total_query`, r);
      if (bad && total) good = { bad, total };
    }
  }
  let windowText = SLOTH_DEFAULT_WINDOW;
  const wf = slo.get('window');
  if (wf) {
    const text = r.string(wf, `${field}.window`);
    try {
      if (text !== undefined && parseDuration(text) > 0) windowText = text;
      else if (text !== undefined) r.problem(wf.value, `${field}.window`, 'must be greater than 0');
    } catch {
      r.problem(wf.value, `${field}.window`, `"${text}" is not a duration (e.g. 28d, 30d)`);
    }
  }
  const window: SloWindow = { kind: 'rolling', ms: parseDuration(windowText), text: windowText };
  const groupBy = validateGroupBy(r.stringList(slo.get('group_by'), `${field}.group_by`) ?? [], (message) =>
    r.problem(slo.get('group_by')?.value, `${field}.group_by`, message),
  );
  if (good && groupBy.length > 0) {
    for (const q of [good.bad, good.total]) {
      const dropped = labelsDroppedBy(q.template, groupBy);
      if (dropped.length > 0) {
        r.problems.push({ file: q.source.file, line: q.source.line, field: q.source.field, message: groupByMessage(dropped) });
      }
    }
  }
  const alerting = readAlerting(slo.get('alerting'), `${field}.alerting`, r);
  const labels = { ...serviceLabels, ...readLabels(slo.get('labels'), `${field}.labels`, r) };
  if (name === undefined || objective === undefined || !good || !alerting) return undefined;
  const objField = `${field}.objective`;
  return {
    name: `${service}-${name}`,
    service,
    description: r.string(slo.get('description'), `${field}.description`),
    format: 'prometheus/v1',
    source: r.position(node, field),
    indicator: latencyOrRatio(good),
    objective: { target: Number((objective / 100).toPrecision(12)), source: r.position(slo.get('objective')?.value, objField) },
    window,
    budgeting: { method: 'Occurrences' },
    groupBy,
    labels,
    alerting,
  };
}

function readQuery(f: YamlField | undefined, field: string, r: SloYamlReader): QueryTemplate | undefined {
  const text = r.string(f, field);
  if (text === undefined || !f) return undefined;
  if (!hasWindowPlaceholder(text)) {
    r.problem(f.value, field, 'must use {{.window}} as the range of its rates, e.g. rate(x[{{.window}}])');
    return undefined;
  }
  try {
    parseTemplate(text);
  } catch (err) {
    r.problem(f.value, field, (err as Error).message);
    return undefined;
  }
  return { template: text, source: r.position(f.value, field) };
}

function readAlerting(f: YamlField | undefined, field: string, r: SloYamlReader): SloDefinition['alerting'] | undefined {
  const none: AlertSpec = { enabled: true, labels: {}, annotations: {} };
  if (!f || f.value === null) return { labels: {}, annotations: {}, page: none, ticket: none, minTraffic: 0 };
  const a = r.map(f.value, field, ALERTING_FIELDS);
  if (!a) return undefined;
  const alertName = r.string(a.get('name'), `${field}.name`);
  if (alertName !== undefined && !LABEL_NAME_RE.test(alertName)) r.problem(a.get('name')?.value, `${field}.name`, `"${alertName}" is not a valid alert name`);
  const minTraffic = r.number(a.get('min_traffic'), `${field}.min_traffic`) ?? 0;
  if (minTraffic < 0) r.problem(a.get('min_traffic')?.value, `${field}.min_traffic`, 'must be ≥ 0');
  const alert = (key: string): AlertSpec => {
    const af = a.get(key);
    if (!af || af.value === null) return none;
    const m = r.map(af.value, `${field}.${key}`, ALERT_FIELDS);
    if (!m) return none;
    return {
      enabled: !(r.boolean(m.get('disable'), `${field}.${key}.disable`) ?? false),
      labels: readLabels(m.get('labels'), `${field}.${key}.labels`, r),
      annotations: r.stringMap(m.get('annotations'), `${field}.${key}.annotations`),
    };
  };
  return {
    name: alertName,
    labels: readLabels(a.get('labels'), `${field}.labels`, r),
    annotations: r.stringMap(a.get('annotations'), `${field}.annotations`),
    page: alert('page_alert'),
    ticket: alert('ticket_alert'),
    minTraffic: Math.max(0, minTraffic),
  };
}

function readLabels(f: YamlField | undefined, field: string, r: SloYamlReader): Record<string, string> {
  const labels = r.stringMap(f, field);
  for (const key of Object.keys(labels)) {
    if (!LABEL_NAME_RE.test(key)) {
      r.problem(f?.value, `${field}.${key}`, `"${key}" is not a valid label name`);
      delete labels[key];
    }
  }
  return labels;
}
