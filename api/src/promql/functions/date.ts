import { vectorArg } from './function-args.js';
import type { PromqlFunction } from './promql-function.js';
import { mapValues } from './simple-function.js';

/** A UTC calendar breakdown of whole Unix seconds (proleptic Gregorian, any year a double can hold). */
export interface CivilTime {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  /** 0 = Sunday */
  weekday: number;
  /** 1–366 */
  yearDay: number;
  hour: number;
  minute: number;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/** Breaks Unix seconds into UTC fields, using Howard Hinnant's days-to-civil algorithm. */
export function civilTime(unixSeconds: number): CivilTime {
  const days = Math.floor(unixSeconds / 86400);
  const secondOfDay = unixSeconds - days * 86400;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const yearDay = DAYS_BEFORE_MONTH[month - 1] + day + (month > 2 && isLeap(year) ? 1 : 0);
  const weekday = (((days + 4) % 7) + 7) % 7;
  return {
    year,
    month,
    day,
    weekday,
    yearDay,
    hour: Math.floor(secondOfDay / 3600),
    minute: Math.floor((secondOfDay % 3600) / 60),
  };
}

export function daysInMonth(t: CivilTime): number {
  if (t.month === 2) return isLeap(t.year) ? 29 : 28;
  return [4, 6, 9, 11].includes(t.month) ? 30 : 31;
}

/**
 * What Go's `time.Unix(int64(v), 0).UTC()` gives when v is NaN, infinite or outside int64: on amd64 the conversion
 * yields math.MinInt64, which time.Time wraps to 292277026596-12-04T15:30:08Z, a Sunday (checked with Prometheus 2.42).
 */
const OUT_OF_RANGE: CivilTime = { year: 292277026596, month: 12, day: 4, weekday: 0, yearDay: 339, hour: 15, minute: 30 };

/**
 * A date function as Prometheus's `dateWrapper`: without an argument it reads the evaluation time (whole
 * seconds, truncated) into an element with no labels; with a vector it reads each value as Unix seconds
 * (truncated toward zero like Go's int64 conversion) and drops `__name__`.
 */
function dateFunction(name: string, field: (t: CivilTime) => number): PromqlFunction {
  const at = (seconds: number): number =>
    seconds >= -(2 ** 63) && seconds < 2 ** 63 ? field(civilTime(Math.trunc(seconds))) : field(OUT_OF_RANGE);
  return {
    name,
    argTypes: ['vector'],
    variadic: 1,
    returnType: 'vector',
    call: (args, ctx) => {
      if (args.length === 0) return [{ labels: {}, value: at(Math.trunc(ctx.timeMs / 1000)) }];
      return mapValues(vectorArg(args, 0), at);
    },
  };
}

export const DATE_FUNCTIONS: readonly PromqlFunction[] = [
  dateFunction('day_of_month', (t) => t.day),
  dateFunction('day_of_week', (t) => t.weekday),
  dateFunction('day_of_year', (t) => t.yearDay),
  dateFunction('days_in_month', daysInMonth),
  dateFunction('hour', (t) => t.hour),
  dateFunction('minute', (t) => t.minute),
  dateFunction('month', (t) => t.month),
  dateFunction('year', (t) => t.year),
];
