import type { Node } from 'yaml';
import { parseDuration } from '../config/duration.js';
import { SLO_ANNOTATION_PREFIX, groupByMessage, parseAlertingAnnotations, parseGroupByText } from './slo-extensions.js';
import { calendarUnitOf, openSloDurationMs, parseOpenSloDuration } from './openslo-duration.js';
import { bucketSelections, labelsDroppedBy, parseTemplate, windowTemplateFromQuery } from './query-template.js';
import type {
  BudgetingMethod,
  QueryTemplate,
  SliIndicator,
  SloDefinition,
  SloWindow,
  SourcePosition,
  ThresholdOperator,
} from './slo-definition.js';
import type { SloYamlReader, YamlField } from './slo-yaml-reader.js';

/** An OpenSLO SLI (a `kind: SLI` document or an SLO's inline `indicator`), its queries made templates. */
export interface OpenSloSli {
  readonly name: string;
  readonly source: SourcePosition;
  readonly metric:
    | { readonly kind: 'ratio'; readonly good?: QueryTemplate; readonly bad?: QueryTemplate; readonly total: QueryTemplate }
    | { readonly kind: 'threshold'; readonly query: QueryTemplate };
}

interface ObjectiveDraft {
  readonly target: number;
  readonly displayName?: string;
  readonly op?: ThresholdOperator;
  readonly value?: number;
  readonly sliceTarget?: number;
  readonly sliceMs?: number;
  readonly source: SourcePosition;
  /** Line of the objective's list item. */
  readonly line: number;
}

/** A `kind: SLO` document read but not yet joined with its SLI (which may be in another document or file). */
export interface OpenSloDraft {
  readonly name: string;
  readonly displayName?: string;
  readonly service: string;
  readonly description?: string;
  readonly source: SourcePosition;
  readonly sli?: OpenSloSli;
  readonly indicatorRef?: { readonly name: string; readonly source: SourcePosition };
  readonly window: SloWindow;
  readonly budgetingMethod: 'Occurrences' | 'Timeslices' | 'RatioTimeslices';
  readonly objectives: readonly ObjectiveDraft[];
  readonly groupBy: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly alerting: SloDefinition['alerting'];
}

const TOP_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'spec']);
const METADATA_FIELDS = new Set(['name', 'displayName', 'labels', 'annotations', 'namespace']);
const SLO_SPEC_FIELDS = new Set(['description', 'service', 'indicator', 'indicatorRef', 'timeWindow', 'budgetingMethod', 'objectives', 'alertPolicies']);
const SLI_SPEC_FIELDS = new Set(['description', 'thresholdMetric', 'ratioMetric']);
const RATIO_FIELDS = new Set(['counter', 'good', 'bad', 'total', 'rawType', 'raw']);
const OBJECTIVE_FIELDS = new Set(['displayName', 'op', 'value', 'target', 'targetPercent', 'timeSliceTarget', 'timeSliceWindow', 'indicator', 'indicatorRef', 'compositeWeight']);
const WINDOW_FIELDS = new Set(['duration', 'isRolling', 'calendar']);
const OPS: ReadonlySet<string> = new Set(['lt', 'lte', 'gt', 'gte']);
/** The OpenSLO name format (RFC 1123 label, as Kubernetes names). */
const NAME_RE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Reads an OpenSLO v1 `kind: SLI` document (already known to be one). */
export function readOpenSloSli(root: Map<string, YamlField>, r: SloYamlReader): OpenSloSli | undefined {
  const meta = readMetadata(root, r, '');
  const specField = root.get('spec');
  const spec = r.map(specField?.value ?? null, 'spec', SLI_SPEC_FIELDS);
  if (!meta || !spec) return undefined;
  return readSliSpec(spec, 'spec', meta.name, r.position(root.get('kind')?.keyNode, ''), r);
}

/** Reads an OpenSLO v1 `kind: SLO` document (already known to be one). */
export function readOpenSloSlo(root: Map<string, YamlField>, r: SloYamlReader, docNode: Node): OpenSloDraft | undefined {
  for (const [key, f] of root) if (!TOP_FIELDS.has(key)) r.problem(f.keyNode, key, `unknown field "${key}" (expected one of: ${[...TOP_FIELDS].join(', ')})`);
  const meta = readMetadata(root, r, '');
  const spec = r.map(root.get('spec')?.value ?? null, 'spec', SLO_SPEC_FIELDS, ['service', 'timeWindow', 'objectives']);
  if (!meta || !spec) return undefined;
  const source = r.position(docNode, '');
  const service = r.string(spec.get('service'), 'spec.service');
  const description = r.string(spec.get('description'), 'spec.description');

  let sli: OpenSloSli | undefined;
  let indicatorRef: OpenSloDraft['indicatorRef'];
  const inline = spec.get('indicator');
  const ref = spec.get('indicatorRef');
  if (inline && ref) r.problem(ref.keyNode, 'spec.indicatorRef', 'give either indicator or indicatorRef, not both');
  else if (inline) {
    const ind = r.map(inline.value, 'spec.indicator', new Set(['metadata', 'spec']), ['spec']);
    if (ind) {
      const indMeta = readMetadata(ind, r, 'spec.indicator.', false);
      const indSpec = r.map(ind.get('spec')?.value ?? null, 'spec.indicator.spec', SLI_SPEC_FIELDS);
      if (indSpec) sli = readSliSpec(indSpec, 'spec.indicator.spec', indMeta?.name ?? meta.name, r.position(inline.keyNode, 'spec.indicator'), r);
    }
  } else if (ref) {
    const name = r.string(ref, 'spec.indicatorRef', { required: true });
    if (name) indicatorRef = { name, source: r.position(ref.value, 'spec.indicatorRef') };
  } else r.problem(spec.get('service')?.keyNode ?? docNode, 'spec.indicator', 'is required (or spec.indicatorRef naming a kind: SLI)');

  const window = readTimeWindow(spec.get('timeWindow'), r);
  const budgetingField = spec.get('budgetingMethod');
  const budgeting = r.string(budgetingField, 'spec.budgetingMethod') ?? 'Occurrences';
  if (!['Occurrences', 'Timeslices', 'RatioTimeslices'].includes(budgeting)) {
    r.problem(budgetingField?.value, 'spec.budgetingMethod', `must be Occurrences, Timeslices or RatioTimeslices, not "${budgeting}"`);
  }
  const objectives = readObjectives(spec.get('objectives'), budgeting, r);
  const ext = parseAlertingAnnotations(meta.annotations, (field, message) => r.problem(meta.annotationsNode, `metadata.annotations.${field}`, message));
  const groupBy = parseGroupByText(meta.annotations[`${SLO_ANNOTATION_PREFIX}group-by`] ?? '', (message) =>
    r.problem(meta.annotationsNode, `metadata.annotations.${SLO_ANNOTATION_PREFIX}group-by`, message),
  );
  if (!service || !window || !objectives) return undefined;
  return {
    name: meta.name,
    displayName: meta.displayName,
    service,
    description,
    source,
    sli,
    indicatorRef,
    window,
    budgetingMethod: budgeting as OpenSloDraft['budgetingMethod'],
    objectives,
    groupBy,
    labels: meta.labels,
    alerting: ext,
  };
}

/**
 * Joins a draft with its SLI into one definition per objective (a multi-objective SLO gives `<name>-<displayName>`
 * or `<name>-<index>` for each objective after the first... all of them, so names stay unambiguous).
 */
export function buildOpenSloDefinitions(draft: OpenSloDraft, sli: OpenSloSli, r: SloYamlReader): SloDefinition[] {
  const problem = (line: number, field: string, message: string): void => {
    r.problems.push({ file: draft.source.file, line, field, message });
  };
  const out: SloDefinition[] = [];
  if (draft.groupBy.length > 0) {
    const queries = sli.metric.kind === 'threshold' ? [sli.metric.query] : [sli.metric.good, sli.metric.bad, sli.metric.total];
    let bad = false;
    for (const q of queries) {
      if (!q) continue;
      const dropped = labelsDroppedBy(q.template, draft.groupBy);
      if (dropped.length > 0) {
        problem(q.source.line, q.source.field, groupByMessage(dropped));
        bad = true;
      }
    }
    if (bad) return [];
  }
  draft.objectives.forEach((o, i) => {
    const field = `spec.objectives[${i}]`;
    let indicator: SliIndicator;
    if (sli.metric.kind === 'threshold') {
      if (o.op === undefined || o.value === undefined) {
        problem(o.line, field, 'a thresholdMetric indicator needs op (lt, lte, gt, gte) and value in each objective');
        return;
      }
      indicator = { kind: 'threshold', query: sli.metric.query, op: o.op, threshold: o.value };
    } else {
      indicator = latencyOrRatio(sli.metric);
    }
    let budgeting: BudgetingMethod;
    if (draft.budgetingMethod === 'Occurrences') budgeting = { method: 'Occurrences' };
    else if (o.sliceMs === undefined) {
      problem(o.line, `${field}.timeSliceWindow`, `is required with budgetingMethod ${draft.budgetingMethod}`);
      return;
    } else if (draft.budgetingMethod === 'Timeslices') {
      if (o.sliceTarget === undefined) {
        problem(o.line, `${field}.timeSliceTarget`, 'is required with budgetingMethod Timeslices');
        return;
      }
      budgeting = { method: 'Timeslices', sliceTarget: o.sliceTarget, sliceMs: o.sliceMs };
    } else budgeting = { method: 'RatioTimeslices', sliceMs: o.sliceMs };
    const suffix = draft.objectives.length > 1 ? `-${slug(o.displayName ?? String(i))}` : '';
    out.push({
      name: `${draft.name}${suffix}`,
      displayName: draft.displayName,
      service: draft.service,
      description: draft.description,
      format: 'openslo/v1',
      source: draft.source,
      indicator,
      objective: { target: o.target, displayName: o.displayName, source: o.source },
      window: draft.window,
      budgeting,
      groupBy: draft.groupBy,
      labels: draft.labels,
      alerting: draft.alerting,
    });
  });
  return out;
}

/** A ratio whose good/bad events come from one `<x>_bucket{le="..."}` and whose total from `<x>_count` is a latency SLI. */
export function latencyOrRatio(m: { good?: QueryTemplate; bad?: QueryTemplate; total: QueryTemplate }): SliIndicator {
  const events = m.good ?? m.bad;
  if (events) {
    try {
      const buckets = bucketSelections(events.template);
      if (buckets.length === 1) {
        const histogram = buckets[0].metric.slice(0, -'_bucket'.length);
        if (m.total.template.includes(`${histogram}_count`) || m.total.template.includes(`${histogram}_bucket`)) {
          const matchers = buckets[0].matchers
            .filter((x) => x.name !== '__name__')
            .map((x) => `${x.name}${x.type}${JSON.stringify(x.value)}`)
            .join(',');
          return { kind: 'latency', histogram, matchers, thresholdSeconds: buckets[0].le, thresholdSource: events.source, good: m.good, bad: m.bad, total: m.total };
        }
      }
    } catch {
      // not valid PromQL: already reported when the template was read
    }
  }
  return { kind: 'ratio', good: m.good, bad: m.bad, total: m.total };
}

function readMetadata(
  root: Map<string, YamlField>,
  r: SloYamlReader,
  prefix: string,
  required = true,
): { name: string; displayName?: string; labels: Record<string, string>; annotations: Record<string, string>; annotationsNode: Node | null } | undefined {
  const f = root.get('metadata');
  if (!f && !required) return undefined;
  const meta = r.map(f?.value ?? null, `${prefix}metadata`, METADATA_FIELDS, required ? ['name'] : []);
  if (!meta) return undefined;
  const name = r.string(meta.get('name'), `${prefix}metadata.name`);
  if (name === undefined) return undefined;
  if (!NAME_RE.test(name) || name.length > 63) {
    r.problem(meta.get('name')?.value, `${prefix}metadata.name`, `"${name}" is not a valid name (lowercase letters, digits, "-" and ".", at most 63 characters)`);
  }
  const labels: Record<string, string> = {};
  const labelsField = meta.get('labels');
  if (labelsField?.value) {
    // OpenSLO labels are strings or lists of strings; a list is joined with commas.
    const entries = r.map(labelsField.value, `${prefix}metadata.labels`);
    for (const [key, e] of entries ?? []) {
      const list = r.stringList(e, `${prefix}metadata.labels.${key}`);
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(key)) r.problem(e.keyNode, `${prefix}metadata.labels.${key}`, `"${key}" is not a valid Prometheus label name`);
      else if (list) labels[key] = list.join(',');
    }
  }
  return {
    name,
    displayName: r.string(meta.get('displayName'), `${prefix}metadata.displayName`),
    labels,
    annotations: r.stringMap(meta.get('annotations'), `${prefix}metadata.annotations`),
    annotationsNode: meta.get('annotations')?.value ?? null,
  };
}

function readSliSpec(spec: Map<string, YamlField>, field: string, name: string, source: SourcePosition, r: SloYamlReader): OpenSloSli | undefined {
  const ratio = spec.get('ratioMetric');
  const threshold = spec.get('thresholdMetric');
  if ((ratio === undefined) === (threshold === undefined)) {
    r.problem(ratio?.keyNode ?? threshold?.keyNode ?? null, field, 'give exactly one of ratioMetric and thresholdMetric');
    return undefined;
  }
  if (threshold) {
    const query = readMetricSource(threshold, `${field}.thresholdMetric`, 'as-written', r);
    return query ? { name, source, metric: { kind: 'threshold', query } } : undefined;
  }
  const m = r.map(ratio?.value ?? null, `${field}.ratioMetric`, RATIO_FIELDS);
  if (!m) return undefined;
  if (m.has('raw') || m.has('rawType')) {
    r.problem(m.get('raw')?.keyNode ?? m.get('rawType')?.keyNode, `${field}.ratioMetric.raw`, 'precomputed (raw) ratios are not supported: give good or bad, and total');
    return undefined;
  }
  const counter = r.boolean(m.get('counter'), `${field}.ratioMetric.counter`) ?? true;
  const good = m.get('good');
  const bad = m.get('bad');
  if ((good === undefined) === (bad === undefined)) {
    r.problem(ratio?.value, `${field}.ratioMetric`, 'give exactly one of good and bad');
    return undefined;
  }
  if (!m.get('total')) {
    r.problem(ratio?.value, `${field}.ratioMetric.total`, 'is required');
    return undefined;
  }
  const goodQ = good ? readMetricSource(good, `${field}.ratioMetric.good`, counter, r) : undefined;
  const badQ = bad ? readMetricSource(bad, `${field}.ratioMetric.bad`, counter, r) : undefined;
  const totalQ = readMetricSource(m.get('total'), `${field}.ratioMetric.total`, counter, r);
  if (!totalQ || (!goodQ && !badQ)) return undefined;
  return { name, source, metric: { kind: 'ratio', good: goodQ, bad: badQ, total: totalQ } };
}

/**
 * `{metricSource: {type: Prometheus, spec: {query}}}` → a query template (checked with the PromQL parser). Ratio
 * queries are made templates over the window (see windowTemplateFromQuery); threshold queries stay as written.
 */
function readMetricSource(f: YamlField | undefined, field: string, counter: boolean | 'as-written', r: SloYamlReader): QueryTemplate | undefined {
  const holder = r.map(f?.value ?? null, field, new Set(['metricSource']), ['metricSource']);
  const ms = holder && r.map(holder.get('metricSource')?.value ?? null, `${field}.metricSource`, new Set(['metricSourceRef', 'type', 'spec']), ['spec']);
  if (!ms) return undefined;
  const type = r.string(ms.get('type'), `${field}.metricSource.type`);
  if (type !== undefined && type.toLowerCase() !== 'prometheus') {
    r.problem(ms.get('type')?.value, `${field}.metricSource.type`, `only Prometheus metric sources are supported, not "${type}"`);
    return undefined;
  }
  const spec = r.map(ms.get('spec')?.value ?? null, `${field}.metricSource.spec`, undefined, ['query']);
  const qf = spec?.get('query');
  const query = r.string(qf, `${field}.metricSource.spec.query`);
  if (query === undefined || !qf) return undefined;
  const qField = `${field}.metricSource.spec.query`;
  let template: string;
  try {
    parseTemplate(query);
    template = counter === 'as-written' ? query : windowTemplateFromQuery(query, counter);
    parseTemplate(template);
  } catch (err) {
    r.problem(qf.value, qField, (err as Error).message);
    return undefined;
  }
  return { template, source: r.position(qf.value, qField) };
}

function readTimeWindow(f: YamlField | undefined, r: SloYamlReader): SloWindow | undefined {
  const items = r.sequence(f, 'spec.timeWindow');
  if (!items) return undefined;
  if (items.length !== 1) {
    r.problem(f?.value, 'spec.timeWindow', `must have exactly one item, not ${items.length}`);
    return undefined;
  }
  const field = 'spec.timeWindow[0]';
  const w = r.map(items[0], field, WINDOW_FIELDS, ['duration']);
  if (!w) return undefined;
  const text = r.string(w.get('duration'), `${field}.duration`);
  const duration = text === undefined ? undefined : parseOpenSloDuration(text);
  if (text !== undefined && !duration) {
    r.problem(w.get('duration')?.value, `${field}.duration`, `"${text}" is not a duration (a number and one of s, m, h, d, w, M, Q, Y, e.g. 28d)`);
  }
  const calendarField = w.get('calendar');
  const isRolling = r.boolean(w.get('isRolling'), `${field}.isRolling`) ?? calendarField === undefined;
  if (!duration || text === undefined) return undefined;
  if (isRolling) {
    if (calendarField) r.problem(calendarField.keyNode, `${field}.calendar`, 'a rolling window (isRolling: true) has no calendar');
    return { kind: 'rolling', ms: openSloDurationMs(duration), text };
  }
  const unit = calendarUnitOf(duration);
  if (!unit) {
    r.problem(w.get('duration')?.value, `${field}.duration`, `a calendar window is counted in d, w, M, Q or Y, not "${text}"`);
    return undefined;
  }
  let startMs: number | undefined;
  let timeZone = 'UTC';
  if (calendarField) {
    const cal = r.map(calendarField.value, `${field}.calendar`, new Set(['startTime', 'timeZone']));
    const tz = r.string(cal?.get('timeZone'), `${field}.calendar.timeZone`);
    if (tz !== undefined) {
      if (isValidTimeZone(tz)) timeZone = tz;
      else r.problem(cal?.get('timeZone')?.value, `${field}.calendar.timeZone`, `"${tz}" is not an IANA time zone (e.g. UTC, Europe/Berlin)`);
    }
    const startField = cal?.get('startTime');
    const start = startField?.value ? String((startField.value as { value?: unknown }).value ?? '') : undefined;
    if (start !== undefined && start !== '') {
      const ms = parseLocalDateTime(start, timeZone);
      if (ms === undefined) r.problem(startField?.value, `${field}.calendar.startTime`, `"${start}" is not a date and time (YYYY-MM-DD HH:MM:SS)`);
      else startMs = ms;
    }
  }
  return { kind: 'calendar', unit, count: duration.count, startMs, timeZone, text };
}

function readObjectives(f: YamlField | undefined, budgeting: string, r: SloYamlReader): ObjectiveDraft[] | undefined {
  const items = r.sequence(f, 'spec.objectives');
  if (!items) return undefined;
  if (items.length === 0) {
    r.problem(f?.value, 'spec.objectives', 'must have at least one objective');
    return undefined;
  }
  const out: ObjectiveDraft[] = [];
  items.forEach((item, i) => {
    const field = `spec.objectives[${i}]`;
    const o = r.map(item, field, OBJECTIVE_FIELDS);
    if (!o) return;
    if (o.has('indicator') || o.has('indicatorRef')) {
      r.problem((o.get('indicator') ?? o.get('indicatorRef'))?.keyNode, `${field}.indicator`, 'composite SLOs (an indicator per objective) are not supported');
      return;
    }
    const target = r.number(o.get('target'), `${field}.target`);
    const percent = r.number(o.get('targetPercent'), `${field}.targetPercent`);
    let value: number | undefined;
    if (target !== undefined && percent !== undefined) r.problem(o.get('targetPercent')?.keyNode, `${field}.targetPercent`, 'give target or targetPercent, not both');
    else if (target !== undefined) {
      if (!(target > 0 && target <= 1)) r.problem(o.get('target')?.value, `${field}.target`, `must be in (0, 1] (e.g. 0.999), not ${target}`);
      else value = target;
    } else if (percent !== undefined) {
      if (!(percent > 0 && percent <= 100)) r.problem(o.get('targetPercent')?.value, `${field}.targetPercent`, `must be in (0, 100] (e.g. 99.9), not ${percent}`);
      else value = Number((percent / 100).toPrecision(12));
    } else r.problem(item, `${field}.target`, 'is required (target or targetPercent)');
    const opText = r.string(o.get('op'), `${field}.op`);
    if (opText !== undefined && !OPS.has(opText)) r.problem(o.get('op')?.value, `${field}.op`, `must be one of lt, lte, gt, gte, not "${opText}"`);
    const sliceTarget = r.number(o.get('timeSliceTarget'), `${field}.timeSliceTarget`);
    if (sliceTarget !== undefined && !(sliceTarget > 0 && sliceTarget <= 1)) {
      r.problem(o.get('timeSliceTarget')?.value, `${field}.timeSliceTarget`, `must be in (0, 1], not ${sliceTarget}`);
    }
    const sliceMs = readSliceWindow(o.get('timeSliceWindow'), `${field}.timeSliceWindow`, r);
    if (budgeting === 'Occurrences' && (o.has('timeSliceTarget') || o.has('timeSliceWindow'))) {
      r.problem((o.get('timeSliceTarget') ?? o.get('timeSliceWindow'))?.keyNode, `${field}.timeSliceWindow`, 'time slices apply only with budgetingMethod Timeslices or RatioTimeslices');
    }
    if (value === undefined) return;
    out.push({
      target: value,
      displayName: r.string(o.get('displayName'), `${field}.displayName`),
      op: opText !== undefined && OPS.has(opText) ? (opText as ThresholdOperator) : undefined,
      value: r.number(o.get('value'), `${field}.value`),
      sliceTarget,
      sliceMs,
      source: r.position(o.get('target')?.value ?? o.get('targetPercent')?.value ?? item, `${field}.${o.has('target') ? 'target' : 'targetPercent'}`),
      line: r.lineOf(item) ?? 1,
    });
  });
  return out;
}

/** `timeSliceWindow`: a duration (`1m`) or a number of seconds. */
function readSliceWindow(f: YamlField | undefined, field: string, r: SloYamlReader): number | undefined {
  if (!f || f.value === null) return undefined;
  const raw = (f.value as { value?: unknown }).value;
  if (typeof raw === 'number') {
    if (raw > 0) return raw * 1000;
    r.problem(f.value, field, 'must be greater than 0');
    return undefined;
  }
  const text = r.string(f, field);
  if (text === undefined) return undefined;
  const d = parseOpenSloDuration(text);
  let ms: number | undefined = d && !['M', 'Q', 'Y'].includes(d.unit) ? openSloDurationMs(d) : undefined;
  if (ms === undefined) {
    try {
      ms = parseDuration(text);
    } catch {
      ms = undefined;
    }
  }
  if (ms === undefined || ms <= 0) {
    r.problem(f.value, field, `"${text}" is not a duration (e.g. 1m, 5m)`);
    return undefined;
  }
  return ms;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'objective';
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `2022-01-01 12:00:00` (or with `T`, seconds optional) in a time zone → Unix ms. */
export function parseLocalDateTime(text: string, timeZone: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m) return undefined;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  if (!Number.isFinite(asUtc)) return undefined;
  return asUtc - timeZoneOffsetMs(asUtc, timeZone);
}

/** Formatters by time zone (building one is slow; the burn-down asks for hundreds of offsets). */
const FORMATS = new Map<string, Intl.DateTimeFormat>();

/** The offset of a time zone from UTC (ms, east positive) at about the given instant. */
export function timeZoneOffsetMs(atMs: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  let format = FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    FORMATS.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(atMs));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - Math.floor(atMs / 1000) * 1000;
}
