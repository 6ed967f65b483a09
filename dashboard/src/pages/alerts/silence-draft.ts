// The create-silence form's state and the Alertmanager postableSilence it becomes (POST /api/v1/silences).
import type { PostSilence, SilenceMatcherJson } from '../../api/notify-api.js';

export interface MatcherDraft {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export interface SilenceDraft {
  matchers: MatcherDraft[];
  /** `2h`, `1d 4h`, `30m`: used when `endsAt` is empty. */
  duration: string;
  /** `YYYY-MM-DDTHH:mm` local (datetime-local input); wins over duration when set. */
  endsAt: string;
  createdBy: string;
  comment: string;
}

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** A duration of one or more `<n><unit>` parts (`1d 4h`, `90m`, `1h30m`); undefined when unreadable or zero. */
export function parseSilenceDuration(text: string): number | undefined {
  const t = text.replace(/\s+/g, '');
  if (!/^(\d+[smhdw])+$/.test(t)) return undefined;
  let ms = 0;
  for (const m of t.matchAll(/(\d+)([smhdw])/g)) ms += Number(m[1]) * UNIT_MS[m[2]];
  return ms > 0 ? ms : undefined;
}

/** The matchers an alert's labels suggest (every label, equal), as Alertmanager's "silence this alert" does. */
export function matchersFromLabels(labels: Readonly<Record<string, string>>): MatcherDraft[] {
  return Object.keys(labels)
    .sort((a, b) => (a === 'alertname' ? -1 : b === 'alertname' ? 1 : a.localeCompare(b)))
    .map((name) => ({ name, value: labels[name], isRegex: false, isEqual: true }));
}

export function emptyDraft(labels: Readonly<Record<string, string>> = {}): SilenceDraft {
  const matchers = matchersFromLabels(labels);
  return { matchers: matchers.length > 0 ? matchers : [{ name: '', value: '', isRegex: false, isEqual: true }], duration: '2h', endsAt: '', createdBy: '', comment: '' };
}

export type DraftResult = { readonly ok: true; readonly body: PostSilence } | { readonly ok: false; readonly errors: readonly string[] };

/** Checks the draft and builds the request body (starts now; ends at endsAt, or now + duration). */
export function silenceBody(draft: SilenceDraft, nowMs: number): DraftResult {
  const errors: string[] = [];
  const matchers: SilenceMatcherJson[] = [];
  draft.matchers.forEach((m, i) => {
    const name = m.name.trim();
    if (name === '' && m.value === '') return;
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name)) errors.push(`matcher ${i + 1}: "${name}" is not a label name`);
    if (m.isRegex) {
      try {
        new RegExp(m.value);
      } catch (err) {
        errors.push(`matcher ${i + 1}: bad regular expression: ${(err as Error).message}`);
      }
    }
    matchers.push({ name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual });
  });
  if (matchers.length === 0) errors.push('add at least one matcher (label and value)');
  else if (matchers.every((m) => m.isEqual && (m.isRegex ? m.value === '' || m.value === '.*' : m.value === ''))) {
    errors.push('the matchers would silence every alert: give at least one a value');
  }
  let endsAt: number | undefined;
  if (draft.endsAt.trim() !== '') {
    const t = new Date(draft.endsAt).getTime();
    if (Number.isNaN(t)) errors.push(`end time "${draft.endsAt}" is not a date`);
    else if (t <= nowMs) errors.push('the end time is in the past');
    else endsAt = t;
  } else {
    const d = parseSilenceDuration(draft.duration);
    if (d === undefined) errors.push(`duration "${draft.duration}" is not a duration like 2h, 1d or 1h30m`);
    else endsAt = nowMs + d;
  }
  if (draft.createdBy.trim() === '') errors.push('say who creates the silence (creator)');
  if (draft.comment.trim() === '') errors.push('add a comment saying why');
  if (errors.length > 0 || endsAt === undefined) return { ok: false, errors };
  return {
    ok: true,
    body: {
      matchers,
      startsAt: new Date(nowMs).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      createdBy: draft.createdBy.trim(),
      comment: draft.comment.trim(),
    },
  };
}
