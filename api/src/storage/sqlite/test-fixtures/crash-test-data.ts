/** Shape of the data the crash-test child writes: round r gives series i the sample (CRASH_T0 + r * 1000, r * 1000 + i). */
export const CRASH_SERIES = 200;
export const CRASH_T0 = 1_700_000_000_000;
