import type { LogLevelName } from '../log-record.js';
import { levelFromWord } from './level-name.js';
import type { ParsedLine } from './parsed-line.js';
import { parseDateString } from './timestamp-value.js';

/** ISO 8601 (or `2024-01-02 03:04:05,123`) at the start of the line, optionally in brackets. */
const ISO_AT_START = /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)\]?[ \t]*/;
/** Syslog's `Nov 24 19:58:06` at the start (the year is the current one). */
const SYSLOG_AT_START = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}:\d{2}:\d{2})[ \t]+/;
/** glog / klog: `W1124 19:58:06.123456 1234 file.go:12] message`. */
const GLOG_AT_START = /^([IWEF])(\d{2})(\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)\s+\d+\s+([^\]\s]+\])\s?/;
const GLOG_LEVELS: Readonly<Record<string, LogLevelName>> = { I: 'info', W: 'warn', E: 'error', F: 'fatal' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A level token right where a logger puts it: `ERROR msg`, `[warn] msg`, `<INFO>`, `ERROR:root:msg`, `level=warn`. */
const LEADING_LEVEL = /^(?:\[|<|\()?([A-Za-z]{3,13})(?:\]|>|\))?(?::(?=\S)|:?[ \t]+|:?$)/;
/** Elsewhere in the first 120 characters: an upper-case level word, or a level in brackets in any case. */
const UPPER_LEVEL = /(?:^|[^A-Za-z0-9_])(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|SEVERE|FATAL|CRITICAL|CRIT|PANIC|EMERG|ALERT)(?![A-Za-z0-9_])/;
const BRACKETED_LEVEL = /[[<(](trace|debug|info|notice|warn|warning|error|err|severe|fatal|critical|crit|panic|emerg|alert)[\]>)]/i;
/** `level=warn` (or lvl, severity) in a line that is not quite logfmt. */
const LEVEL_FIELD = /(?:^|\s)(?:level|lvl|severity)=["']?([A-Za-z]+)/i;
const LEVEL_SCAN_CHARS = 120;

/**
 * A plain text line: a leading timestamp (ISO 8601, syslog, glog) and a level token (`ERROR`, `[warn]`,
 * `W1124`...) are recognised and taken off the message; a level word elsewhere near the start (`... ERROR
 * ...`, `[Warning]`, `level=warn`) sets the level but stays in the message. A time without zone is local time.
 */
export function parsePlainLine(line: string, now: () => number = Date.now): ParsedLine {
  let rest = line;
  let timestamp: number | undefined;
  let level: LogLevelName | undefined;
  const attributes: Record<string, string> = {};

  const glog = GLOG_AT_START.exec(rest);
  if (glog) {
    level = GLOG_LEVELS[glog[1]];
    timestamp = localDate(new Date(now()).getFullYear(), Number(glog[2]) - 1, Number(glog[3]), glog[4]);
    attributes['log.origin'] = glog[5].slice(0, -1);
    rest = rest.slice(glog[0].length);
  } else {
    const iso = ISO_AT_START.exec(rest);
    if (iso) {
      timestamp = parseDateString(iso[1]);
      if (timestamp !== undefined) rest = rest.slice(iso[0].length);
    } else {
      const sys = SYSLOG_AT_START.exec(rest);
      const month = sys ? MONTHS.indexOf(sys[1]) : -1;
      if (sys && month >= 0) {
        timestamp = localDate(new Date(now()).getFullYear(), month, Number(sys[2]), sys[3]);
        rest = rest.slice(sys[0].length);
      }
    }
    const lead = LEADING_LEVEL.exec(rest);
    const leadLevel = lead ? levelFromWord(lead[1]) : undefined;
    if (lead && leadLevel !== undefined && isLevelToken(lead[0], lead[1])) {
      level = leadLevel;
      rest = rest.slice(lead[0].length);
    } else {
      const head = rest.slice(0, LEVEL_SCAN_CHARS);
      const m = LEVEL_FIELD.exec(head) ?? UPPER_LEVEL.exec(head) ?? BRACKETED_LEVEL.exec(head);
      if (m) level = levelFromWord(m[1]);
    }
  }
  return {
    timestamp,
    level: level ?? 'unknown',
    message: rest.trimEnd(),
    service: undefined,
    host: undefined,
    traceId: undefined,
    spanId: undefined,
    attributes,
  };
}

/** A leading word counts as a level when it is upper case, bracketed, or followed by a colon (`warn: ...`). */
function isLevelToken(token: string, word: string): boolean {
  return word === word.toUpperCase() || /^[[<(]/.test(token) || /^[A-Za-z]+:/.test(token);
}

function localDate(year: number, month: number, day: number, time: string): number | undefined {
  const [hms, frac = '0'] = time.split('.');
  const [h, m, s] = hms.split(':').map(Number);
  const ms = Math.floor(Number(`0.${frac}`) * 1000);
  const t = new Date(year, month, day, h, m, s, ms).getTime();
  return Number.isNaN(t) ? undefined : t;
}
