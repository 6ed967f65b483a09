import { AppError } from '../errors/app-error.js';
import type { Labels } from '../storage/labels.js';
import type { NotifyStore } from './notify-store.js';
import { compileMatcher, type ValuePredicate } from '../storage/label-matcher.js';
import { validateSilence, type NewSilence, type Silence } from './silence.js';

/** Silences kept in notify.db (so they survive restarts) and in memory for the notifier's per-alert checks. */
export class SilenceRegistry {
  private silences: Silence[] = [];
  /** The silences' matchers compiled once (checked for every firing alert at every group flush). */
  private compiled: Array<{ readonly silence: Silence; readonly tests: ReadonlyArray<readonly [string, ValuePredicate]> }> = [];

  constructor(
    private readonly store: NotifyStore,
    private readonly now: () => number,
  ) {
    this.reload();
  }

  private reload(): void {
    this.silences = this.store.listSilences();
    this.compiled = this.silences.map((silence) => ({ silence, tests: silence.matchers.map((m) => [m.name, compileMatcher(m)] as const) }));
  }

  /** Creates a silence, or replaces the one with `input.id` (Alertmanager's update: the old one ends now). */
  create(input: NewSilence): Silence {
    const now = this.now();
    if (input.id !== undefined && !this.silences.some((s) => s.id === input.id)) {
      throw new AppError('not_found', `silence ${input.id} not found`);
    }
    const s = validateSilence(input, now);
    this.store.upsertSilence(s);
    this.reload();
    return s;
  }

  /** Ends a silence now; expiring an expired silence is an error, as in Alertmanager. */
  expire(id: string): Silence {
    const now = this.now();
    const s = this.silences.find((x) => x.id === id);
    if (!s) throw new AppError('not_found', `silence ${id} not found`);
    if (s.endsAt <= now) throw new AppError('bad_data', `silence ${id} already expired`);
    const expired: Silence = { ...s, startsAt: Math.min(s.startsAt, now), endsAt: now, updatedAt: now };
    this.store.upsertSilence(expired);
    this.reload();
    return expired;
  }

  list(): readonly Silence[] {
    return this.silences;
  }

  get(id: string): Silence | undefined {
    return this.silences.find((s) => s.id === id);
  }

  /** The ids of the silences muting these labels at `now`. */
  mutedBy(labels: Labels, now: number): string[] {
    const out: string[] = [];
    for (const { silence, tests } of this.compiled) {
      if (silence.startsAt <= now && now < silence.endsAt && tests.every(([name, test]) => test(labels[name] ?? ''))) out.push(silence.id);
    }
    return out;
  }
}
