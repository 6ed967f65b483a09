import { describe, expect, it } from 'vitest';
import { MultilineJoiner, type JoinedLines, type MultilineOptions } from './multiline-joiner.js';

const HEURISTIC: MultilineOptions = { enabled: true, startPattern: undefined, maxLines: 500, timeoutMs: 1000 };

/** Feeds lines (with byte offsets as a file would have them) and returns the records released. */
function join(lines: string[], options: MultilineOptions = HEURISTIC, releaseAtEnd = true): JoinedLines[] {
  const out: JoinedLines[] = [];
  const j = new MultilineJoiner(options, (r) => out.push(r));
  let offset = 0;
  for (const text of lines) {
    const end = offset + Buffer.byteLength(text) + 1;
    j.push({ text, start: offset, end }, 0);
    offset = end;
  }
  if (releaseAtEnd) j.release();
  return out;
}

describe('MultilineJoiner', () => {
  it('joins a Java stack trace with its causes and "... n more"', () => {
    const lines = [
      '2024-11-24 12:00:00 ERROR request failed',
      'java.lang.IllegalStateException: boom',
      '\tat com.shop.Cart.add(Cart.java:42)',
      '\tat com.shop.Api.handle(Api.java:7)',
      'Caused by: java.io.IOException: disk',
      '\tat com.shop.Store.write(Store.java:9)',
      '\t... 2 more',
      '2024-11-24 12:00:01 INFO next',
    ];
    const out = join(lines);
    // The exception class line is not indented: it starts a record of its own, the frames join it.
    expect(out.map((r) => r.lines)).toEqual([[lines[0]], lines.slice(1, 7), [lines[7]]]);
    expect(out[1].start).toBe(Buffer.byteLength(lines[0]) + 1);
    expect(out[1].end).toBe(lines.slice(0, 7).reduce((n, l) => n + Buffer.byteLength(l) + 1, 0));
  });

  it('joins a Node.js error stack ("    at ...")', () => {
    const lines = ['Error: ECONNREFUSED', '    at TCPConnectWrap.afterConnect (node:net:1595:16)', '    at process.tick (node:internal:1:1)', 'next line'];
    expect(join(lines).map((r) => r.lines.length)).toEqual([3, 1]);
  });

  it('joins a Python traceback up to and including the exception line', () => {
    const lines = [
      'ERROR:root:failed',
      'Traceback (most recent call last):',
      '  File "app.py", line 3, in <module>',
      '    1 / 0',
      'ZeroDivisionError: division by zero',
      'INFO:root:after',
    ];
    const out = join(lines);
    expect(out.map((r) => r.lines)).toEqual([lines.slice(0, 5), [lines[5]]]);
  });

  it('a JSON line is complete at once (not held for continuations)', () => {
    const out = join(['{"msg":"a"}', '{"msg":"b"}'], HEURISTIC, false);
    expect(out.map((r) => r.lines[0])).toEqual(['{"msg":"a"}', '{"msg":"b"}']);
  });

  it('a plain line is held until the next record starts, or until its timeout', () => {
    const out: JoinedLines[] = [];
    const j = new MultilineJoiner(HEURISTIC, (r) => out.push(r));
    j.push({ text: 'first', start: 0, end: 6 }, 1000);
    expect(out).toHaveLength(0);
    expect(j.heldStart).toBe(0);
    expect(j.releaseIfDue(1999)).toBe(false);
    expect(j.releaseIfDue(2000)).toBe(true);
    expect(out.map((r) => r.lines)).toEqual([['first']]);
    expect(j.heldStart).toBeUndefined();
  });

  it('with a start pattern, every line that does not match continues the record', () => {
    const opts: MultilineOptions = { ...HEURISTIC, startPattern: /^\d{4}-\d{2}-\d{2}/ };
    const lines = ['2024-11-24 a', 'not indented but continued', 'also', '2024-11-24 b'];
    expect(join(lines, opts).map((r) => r.lines)).toEqual([lines.slice(0, 3), [lines[3]]]);
  });

  it('maxLines caps a record; disabled joins nothing; blank lines make no record', () => {
    const lines = ['start', '  1', '  2', '  3'];
    expect(join(lines, { ...HEURISTIC, maxLines: 2 }).map((r) => r.lines.length)).toEqual([2, 2]);
    expect(join(lines, { ...HEURISTIC, enabled: false }).map((r) => r.lines.length)).toEqual([1, 1, 1, 1]);
    const out = join(['a', '', 'b']);
    expect(out.map((r) => r.lines)).toEqual([['a'], ['b']]);
    expect(out[0].end).toBe(3); // the blank line is covered by the record before it
  });
});
