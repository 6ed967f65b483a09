import { parseJsonLine } from './json-line-parser.js';
import { parseLogfmtLine } from './logfmt-parser.js';
import type { LogFormat, ParsedLine } from './parsed-line.js';
import { parsePlainLine } from './plain-line-parser.js';

/**
 * Parses one line in the declared format. `auto` tries a JSON object, then logfmt (with a level, msg or time
 * key), then plain. A line that is not in its declared format (`json` but not JSON) is parsed as plain, so
 * nothing is dropped.
 */
export function parseLogLine(line: string, format: LogFormat, now: () => number = Date.now): ParsedLine {
  switch (format) {
    case 'json':
      return parseJsonLine(line) ?? parsePlainLine(line, now);
    case 'logfmt':
      return parseLogfmtLine(line, true) ?? parsePlainLine(line, now);
    case 'plain':
      return parsePlainLine(line, now);
    case 'auto':
      return parseJsonLine(line) ?? parseLogfmtLine(line, false) ?? parsePlainLine(line, now);
  }
}
