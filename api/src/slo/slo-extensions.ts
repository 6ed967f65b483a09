import type { SloAlerting } from './slo-definition.js';

/**
 * What neither OpenSLO nor Sloth can say, spelled in each format's own extension point:
 * - OpenSLO: `metadata.annotations` with this prefix (`slo-platform/group-by: route,method`,
 *   `slo-platform/min-traffic: "100"`, `slo-platform/page-alert: "false"`, `slo-platform/ticket-alert: "false"`,
 *   `slo-platform/alert-name: ApiAvailability`);
 * - Sloth: extra keys of a `slos[]` entry in Sloth's snake_case (`group_by: [route]`, `window: 28d`) and of its
 *   `alerting` block (`min_traffic: 100`).
 */
export const SLO_ANNOTATION_PREFIX = 'slo-platform/';

const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Labels the engine writes itself: an SLO cannot group by them. */
const RESERVED_GROUP_LABELS: ReadonlySet<string> = new Set(['__name__', 'slo', 'service', 'window', 'sloth_id', 'sloth_service', 'sloth_slo', 'sloth_window', 'le']);

/** Validates grouping label names; `report` gets one message per bad name. Returns the valid, deduplicated names. */
export function validateGroupBy(names: readonly string[], report: (message: string) => void): string[] {
  const out: string[] = [];
  for (const name of names) {
    if (!LABEL_NAME_RE.test(name)) report(`"${name}" is not a valid label name`);
    else if (RESERVED_GROUP_LABELS.has(name)) report(`cannot group by "${name}": the SLO engine sets that label itself`);
    else if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** `route, method` → ['route', 'method'] (validated). */
export function parseGroupByText(text: string, report: (message: string) => void): string[] {
  return validateGroupBy(
    text.split(',').map((s) => s.trim()).filter((s) => s !== ''),
    report,
  );
}

/** The alerting options of an OpenSLO SLO from its annotations (see SLO_ANNOTATION_PREFIX). */
export function parseAlertingAnnotations(annotations: Readonly<Record<string, string>>, report: (field: string, message: string) => void): SloAlerting {
  const flag = (key: string): boolean => {
    const v = annotations[SLO_ANNOTATION_PREFIX + key];
    if (v === undefined) return true;
    if (v === 'true' || v === 'false') return v === 'true';
    report(SLO_ANNOTATION_PREFIX + key, `must be "true" or "false", not "${v}"`);
    return true;
  };
  let minTraffic = 0;
  const mt = annotations[`${SLO_ANNOTATION_PREFIX}min-traffic`];
  if (mt !== undefined) {
    const n = Number(mt);
    if (mt.trim() === '' || !Number.isFinite(n) || n < 0) report(`${SLO_ANNOTATION_PREFIX}min-traffic`, `must be a number of events ≥ 0, not "${mt}"`);
    else minTraffic = n;
  }
  return {
    name: annotations[`${SLO_ANNOTATION_PREFIX}alert-name`],
    labels: {},
    annotations: {},
    page: { enabled: flag('page-alert'), labels: {}, annotations: {} },
    ticket: { enabled: flag('ticket-alert'), labels: {}, annotations: {} },
    minTraffic,
  };
}

/** The problem of a grouped SLO whose query aggregates its grouping labels away. */
export function groupByMessage(dropped: readonly string[]): string {
  const list = dropped.join(', ');
  return `the query aggregates away the grouping label(s) ${list}: keep them, e.g. sum by (${list}) (...)`;
}
