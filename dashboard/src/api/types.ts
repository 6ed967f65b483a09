// The api's JSON types, defined once in api/src/types and imported here (type-only: nothing of the api is bundled).
export type {
  Board,
  BoardListResponse,
  BoardProblem,
  BoardSummary,
  BoardVariable,
  Panel,
  PanelType,
  Unit,
  PromQueryData,
  PromAlert,
  PromRuleGroup,
  LogRecord,
  LogSearchResponse,
  LogVolumeResponse,
} from '@slo/api/types';

/** One series of a range query (`resultType: matrix`). */
export interface MatrixSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly values: ReadonlyArray<readonly [number, string]>;
}

/** One sample of an instant query (`resultType: vector`). */
export interface VectorSample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: readonly [number, string];
}
