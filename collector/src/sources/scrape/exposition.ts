/** The result of parsing a metrics exposition (Prometheus text 0.0.4 or OpenMetrics text 1.0.0). */

/** Text 0.0.4 types, plus OpenMetrics's gaugehistogram, info, stateset and unknown (its name for untyped). */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped' | 'gaugehistogram' | 'info' | 'stateset' | 'unknown';

export interface ParsedSample {
  readonly name: string;
  /** Labels as exposed (values unescaped), in exposition order; `__name__` never appears here. */
  readonly labels: Record<string, string>;
  readonly value: number;
  /** Unix ms when the exposition gave one. */
  readonly timestamp: number | undefined;
  /** 1-based line number in the body. */
  readonly line: number;
}

export interface MetricMetadata {
  type?: MetricType;
  help?: string;
  /** OpenMetrics `# UNIT`. */
  unit?: string;
}

export interface ParsedExposition {
  readonly samples: ParsedSample[];
  /** By metric family name (the name in `# TYPE` / `# HELP`). */
  readonly metadata: Map<string, MetricMetadata>;
}

/** A body that is not valid exposition text; `line` is 1-based. */
export class ExpositionParseError extends Error {
  override readonly name = 'ExpositionParseError';
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

/** A parser for one exposition format: the scrape source picks one by Content-Type. */
export type ExpositionParser = (body: string) => ParsedExposition;
