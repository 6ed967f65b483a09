import { describe, expect, it } from 'vitest';
import { emptyDraft, matchersFromLabels, parseSilenceDuration, silenceBody } from './silence-draft.js';

const NOW = Date.parse('2026-11-24T10:00:00Z');

describe('silence form → request body', () => {
  it('prefills one equal matcher per alert label, alertname first', () => {
    expect(matchersFromLabels({ severity: 'page', alertname: 'HighErrorRate', job: 'shop' })).toEqual([
      { name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true },
      { name: 'job', value: 'shop', isRegex: false, isEqual: true },
      { name: 'severity', value: 'page', isRegex: false, isEqual: true },
    ]);
  });
  it('builds the postable silence from matchers, a duration, creator and comment', () => {
    const draft = emptyDraft({ alertname: 'HighErrorRate', job: 'shop' });
    draft.matchers[1] = { name: 'job', value: 'shop|api', isRegex: true, isEqual: true };
    draft.matchers.push({ name: '', value: '', isRegex: false, isEqual: true });
    draft.duration = '1h 30m';
    draft.createdBy = ' ana ';
    draft.comment = 'deploy of CHG-1';
    expect(silenceBody(draft, NOW)).toEqual({
      ok: true,
      body: {
        matchers: [
          { name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true },
          { name: 'job', value: 'shop|api', isRegex: true, isEqual: true },
        ],
        startsAt: '2026-11-24T10:00:00.000Z',
        endsAt: '2026-11-24T11:30:00.000Z',
        createdBy: 'ana',
        comment: 'deploy of CHG-1',
      },
    });
  });
  it('an end time wins over the duration', () => {
    const draft = { ...emptyDraft({ alertname: 'X' }), endsAt: '2026-11-25T10:00', createdBy: 'a', comment: 'c' };
    const r = silenceBody(draft, NOW);
    expect(r.ok && r.body.endsAt).toBe(new Date('2026-11-25T10:00').toISOString());
  });
  it('lists every problem instead of sending', () => {
    const draft = { ...emptyDraft(), duration: 'soon' };
    expect(silenceBody(draft, NOW)).toEqual({
      ok: false,
      errors: [
        'add at least one matcher (label and value)',
        'duration "soon" is not a duration like 2h, 1d or 1h30m',
        'say who creates the silence (creator)',
        'add a comment saying why',
      ],
    });
    const all = { ...emptyDraft(), matchers: [{ name: 'job', value: '.*', isRegex: true, isEqual: true }], createdBy: 'a', comment: 'c', endsAt: '2020-01-01T00:00' };
    expect(silenceBody(all, NOW)).toEqual({ ok: false, errors: ['the matchers would silence every alert: give at least one a value', 'the end time is in the past'] });
    const bad = { ...emptyDraft(), matchers: [{ name: 'a-b', value: '(', isRegex: true, isEqual: true }], createdBy: 'a', comment: 'c' };
    const r = silenceBody(bad, NOW);
    expect(r.ok ? [] : r.errors).toEqual(['matcher 1: "a-b" is not a label name', expect.stringMatching(/^matcher 1: bad regular expression: /)]);
  });
  it('durations', () => {
    expect(parseSilenceDuration('2h')).toBe(7_200_000);
    expect(parseSilenceDuration('1d4h')).toBe(100_800_000);
    expect(parseSilenceDuration('0m')).toBeUndefined();
    expect(parseSilenceDuration('2 hours')).toBeUndefined();
  });
});
