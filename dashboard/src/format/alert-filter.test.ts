import { describe, expect, it } from 'vitest';
import { formatAlertFilter, matchesFilter, parseAlertFilter } from './alert-filter.js';

describe('parseAlertFilter', () => {
  it('reads the notifier link (JSON-quoted values in braces, decoded from the URL)', () => {
    const url = new URL(`http://x/alerts?filter=${encodeURIComponent('{alertname="HighErrorRate",team="db \\"core\\""}')}`);
    const parsed = parseAlertFilter(url.searchParams.get('filter') ?? '');
    expect(parsed).toEqual({
      ok: true,
      matchers: [
        { name: 'alertname', type: '=', value: 'HighErrorRate' },
        { name: 'team', type: '=', value: 'db "core"' },
      ],
    });
  });
  it('reads every operator, bare values, no braces, and an empty filter', () => {
    expect(parseAlertFilter('severity!=info, job=~"api|shop", route !~ /health.*')).toEqual({
      ok: true,
      matchers: [
        { name: 'severity', type: '!=', value: 'info' },
        { name: 'job', type: '=~', value: 'api|shop' },
        { name: 'route', type: '!~', value: '/health.*' },
      ],
    });
    expect(parseAlertFilter('  {}  ')).toEqual({ ok: true, matchers: [] });
  });
  it('says what is wrong', () => {
    expect(parseAlertFilter('{a="b"')).toMatchObject({ ok: false, error: expect.stringMatching(/does not end with "}"/) });
    expect(parseAlertFilter('{9a="b"}')).toMatchObject({ ok: false, error: expect.stringMatching(/cannot read a matcher at "9a="b""/) });
    expect(parseAlertFilter('a=~"("')).toMatchObject({ ok: false, error: expect.stringMatching(/^a=~: bad regular expression/) });
  });
  it('round-trips through formatAlertFilter', () => {
    const text = formatAlertFilter([
      { name: 'a', type: '=', value: 'x"y' },
      { name: 'b', type: '!~', value: 'z.*' },
    ]);
    const parsed = parseAlertFilter(text);
    expect(parsed.ok && formatAlertFilter(parsed.matchers)).toBe(text);
  });
});

describe('matchesFilter', () => {
  const labels = { alertname: 'HighErrorRate', severity: 'page', job: 'shop' };
  it('applies every matcher; regexes are anchored; a missing label is empty', () => {
    const m = (t: string): boolean => {
      const p = parseAlertFilter(t);
      if (!p.ok) throw new Error(p.error);
      return matchesFilter(labels, p.matchers);
    };
    expect(m('{alertname="HighErrorRate",severity="page"}')).toBe(true);
    expect(m('{alertname="HighErrorRate",severity="ticket"}')).toBe(false);
    expect(m('job=~"sho"')).toBe(false);
    expect(m('job=~"sho."')).toBe(true);
    expect(m('team=""')).toBe(true);
    expect(m('team!=""')).toBe(false);
    expect(m('severity!~"page|ticket"')).toBe(false);
  });
});
