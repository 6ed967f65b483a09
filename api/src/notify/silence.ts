import { randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error.js';
import { compileMatcher, type LabelMatcher } from '../storage/label-matcher.js';
import type { Labels } from '../storage/labels.js';

export type SilenceState = 'pending' | 'active' | 'expired';

/** A silence: alerts whose labels match every matcher are not notified between startsAt and endsAt. */
export interface Silence {
  readonly id: string;
  readonly matchers: readonly LabelMatcher[];
  /** Unix ms. */
  readonly startsAt: number;
  readonly endsAt: number;
  readonly createdBy: string;
  readonly comment: string;
  readonly updatedAt: number;
}

export interface NewSilence {
  /** An existing silence's id: replace it (Alertmanager's update); absent: a new silence. */
  readonly id?: string;
  readonly matchers: readonly LabelMatcher[];
  readonly startsAt?: number;
  readonly endsAt: number;
  readonly createdBy: string;
  readonly comment: string;
}

export function silenceState(s: Silence, now: number): SilenceState {
  if (s.endsAt <= now) return 'expired';
  if (s.startsAt > now) return 'pending';
  return 'active';
}

/** True when the silence is active at `now` and all its matchers match the labels. */
export function silenceMutes(s: Silence, labels: Labels, now: number): boolean {
  if (silenceState(s, now) !== 'active') return false;
  return s.matchers.every((m) => compileMatcher(m)(labels[m.name] ?? ''));
}

/**
 * Checks a silence as Alertmanager does and fills in defaults: at least one matcher, not every matcher matching
 * the empty string (a silence for everything), endsAt after startsAt and in the future, a creator and a comment.
 * Throws AppError('bad_data') naming the field.
 */
export function validateSilence(input: NewSilence, now: number): Silence {
  if (input.matchers.length === 0) throw new AppError('bad_data', 'silence: matchers: at least one matcher is required');
  if (input.matchers.every((m) => compileMatcher(m)(''))) {
    throw new AppError('bad_data', 'silence: matchers: at least one matcher must not match the empty string (a silence must not match every alert)');
  }
  const startsAt = Math.max(input.startsAt ?? now, now);
  if (!Number.isFinite(input.endsAt)) throw new AppError('bad_data', 'silence: endsAt: not a valid time');
  if (input.endsAt <= startsAt) throw new AppError('bad_data', 'silence: endsAt: must be after startsAt (and in the future)');
  if (input.createdBy.trim() === '') throw new AppError('bad_data', 'silence: createdBy: required');
  if (input.comment.trim() === '') throw new AppError('bad_data', 'silence: comment: required');
  return {
    id: input.id ?? randomUUID(),
    matchers: input.matchers,
    startsAt,
    endsAt: input.endsAt,
    createdBy: input.createdBy,
    comment: input.comment,
    updatedAt: now,
  };
}
