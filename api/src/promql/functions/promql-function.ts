import type { FunctionArg, FunctionCallContext, InstantVector } from '../values.js';

export type ArgType = 'vector' | 'matrix' | 'scalar' | 'string';

/** A PromQL function as the engine sees it: signature for type checking at parse time, and the step evaluation. */
export interface PromqlFunction {
  readonly name: string;
  readonly argTypes: readonly ArgType[];
  /** How many trailing arguments are optional (0 = none); -1 when the last type repeats without limit (label_join). */
  readonly variadic: number;
  readonly returnType: 'vector' | 'scalar';
  call(args: readonly FunctionArg[], ctx: FunctionCallContext): InstantVector | number;
}
