/** One complete line of a file: its text (no newline) and its byte range [start, end) including the newline. */
export interface FileLine {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** One record's lines: the first line, continuation lines, and the byte range they cover. */
export interface JoinedLines {
  readonly lines: string[];
  readonly start: number;
  end: number;
}

export interface MultilineOptions {
  /** false: every line is a record of its own. */
  readonly enabled: boolean;
  /** A line matching it starts a record, any other line continues the previous one. Default: heuristics. */
  readonly startPattern: RegExp | undefined;
  /** A record never grows beyond this many lines (the next line starts a new one). */
  readonly maxLines: number;
  /** A record whose last line is older than this is complete even without a next line. */
  readonly timeoutMs: number;
}

/** Lines that continue the previous record: indented, Java/JS stack frames, causes, Python tracebacks. */
const CONTINUATION =
  /^(?:[ \t]+\S|at\s|Caused by:|Suppressed:|\.\.\. \d+ (?:more|common frames omitted)|Traceback \(most recent call last\):|During handling of the above exception|The above exception was the direct cause)/;
/** The last line of a Python traceback: `ValueError: bad value`, `KeyboardInterrupt`. */
const PYTHON_EXCEPTION_LINE = /^[A-Za-z_][\w.]*(?::\s|:$|$)/;

/**
 * Joins multi-line records (stack traces) line by line. With no start pattern, a line continues the record
 * before it when it is indented or a stack-trace line (`at ...`, `Caused by:`, `... 5 more`, `Traceback
 * (most recent call last):` up to the exception line); a line starting with `{` (a JSON record) is complete
 * at once. A held record is released by the next record's first line, by `maxLines`, or after `timeoutMs`.
 */
export class MultilineJoiner {
  private held: (JoinedLines & { lastAt: number; inTraceback: boolean }) | undefined;

  constructor(
    private readonly options: MultilineOptions,
    private readonly emit: (record: JoinedLines) => void,
  ) {}

  /** Start offset of the record being held (its bytes are read but not yet shipped), if any. */
  get heldStart(): number | undefined {
    return this.held?.start;
  }

  push(line: FileLine, now: number): void {
    const { enabled, startPattern, maxLines } = this.options;
    if (!enabled) {
      if (line.text.trim() !== '') this.emit({ lines: [line.text], start: line.start, end: line.end });
      return;
    }
    const held = this.held;
    if (held !== undefined && held.lines.length < maxLines && this.continues(line.text, held.inTraceback)) {
      held.lines.push(line.text);
      held.end = line.end;
      held.lastAt = now;
      if (startPattern === undefined) {
        if (line.text.startsWith('Traceback (')) held.inTraceback = true;
        else if (held.inTraceback && PYTHON_EXCEPTION_LINE.test(line.text)) held.inTraceback = false;
      }
      return;
    }
    if (line.text.trim() === '') {
      // A blank line between records: no record of its own; it counts as read with the record before.
      if (held !== undefined) held.end = line.end;
      return;
    }
    this.release();
    if (startPattern === undefined && line.text.charCodeAt(0) === 0x7b /* { */) {
      this.emit({ lines: [line.text], start: line.start, end: line.end });
      return;
    }
    this.held = { lines: [line.text], start: line.start, end: line.end, lastAt: now, inTraceback: line.text.startsWith('Traceback (') };
  }

  /** Releases the held record if its last line is older than the timeout; true if it did. */
  releaseIfDue(now: number): boolean {
    if (this.held === undefined || now - this.held.lastAt < this.options.timeoutMs) return false;
    this.release();
    return true;
  }

  /** Releases the held record now (end of a rotated file). */
  release(): void {
    const held = this.held;
    if (held === undefined) return;
    this.held = undefined;
    while (held.lines.length > 1 && held.lines[held.lines.length - 1].trim() === '') held.lines.pop();
    this.emit({ lines: held.lines, start: held.start, end: held.end });
  }

  /** Forgets the held record (the file was truncated under it). */
  discard(): void {
    this.held = undefined;
  }

  private continues(text: string, inTraceback: boolean): boolean {
    const { startPattern } = this.options;
    if (startPattern !== undefined) return !startPattern.test(text);
    if (CONTINUATION.test(text)) return true;
    if (inTraceback) return text.trim() === '' || PYTHON_EXCEPTION_LINE.test(text);
    return false;
  }
}
