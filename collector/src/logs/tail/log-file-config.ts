import type { MultilineOptions } from '../multiline-joiner.js';
import type { LogFormat } from '../parsing/parsed-line.js';

/** One resolved `logs.files[]` entry: which files to tail and how to read them. */
export interface LogFileConfig {
  /** Absolute glob patterns. */
  readonly paths: readonly string[];
  /** Glob patterns of files left out (e.g. compressed rotations). */
  readonly exclude: readonly string[];
  readonly format: LogFormat;
  /** The service of records whose line names none. */
  readonly service: string | undefined;
  /** Added to every record's attributes (a field of the line with the same name wins). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly multiline: MultilineOptions;
  /** Where to start in a file found at startup that has no checkpoint: its first byte, or its current end (files created later are read from their start). */
  readonly startAt: 'beginning' | 'end';
}
