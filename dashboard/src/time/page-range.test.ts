import { describe, expect, it } from 'vitest';
import { pageRange, relativeRange } from './page-range.js';

describe('the range a page shows', () => {
  it('is the board default when the URL names no range', () => {
    expect(pageRange(new URLSearchParams(''), '6h')).toEqual({ range: { from: 'now-6h', to: 'now' }, explicit: false });
    expect(pageRange(new URLSearchParams('var-job=shop&refresh=30s'), '1d')).toEqual({ range: { from: 'now-1d', to: 'now' }, explicit: false });
  });

  it('is the last hour on a page without a default, or with an unreadable one', () => {
    expect(pageRange(new URLSearchParams(''), undefined).range).toEqual({ from: 'now-1h', to: 'now' });
    expect(relativeRange('six hours')).toEqual({ from: 'now-1h', to: 'now' });
    expect(relativeRange('')).toEqual({ from: 'now-1h', to: 'now' });
  });

  it('is the URL range when there is one, whatever the board default', () => {
    expect(pageRange(new URLSearchParams('from=now-15m&to=now'), '6h')).toEqual({ range: { from: 'now-15m', to: 'now' }, explicit: true });
    expect(pageRange(new URLSearchParams('from=1700000000000&to=1700003600000'), '6h').range).toEqual({ from: '1700000000000', to: '1700003600000' });
    // A picked range equal to the default is still explicit: it is carried to the next page.
    expect(pageRange(new URLSearchParams('from=now-6h&to=now'), '6h').explicit).toBe(true);
  });

  it('takes a missing end from the default', () => {
    expect(pageRange(new URLSearchParams('from=now-3h'), '6h')).toEqual({ range: { from: 'now-3h', to: 'now' }, explicit: true });
  });

  it('follows the page: without a URL range each board opens at its own default', () => {
    const search = new URLSearchParams('var-job=shop');
    expect(pageRange(search, '6h').range.from).toBe('now-6h');
    expect(pageRange(search, '1h').range.from).toBe('now-1h');
    expect(pageRange(search, undefined).range.from).toBe('now-1h');
  });
});
