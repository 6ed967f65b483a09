import { AppError } from '../../errors/app-error.js';
import type { FunctionArg, InstantVector, RangeWindow } from '../values.js';

/** A matrix argument as the engine hands it over: the windows of one step and the window bounds. */
export type MatrixArg = Extract<FunctionArg, { kind: 'matrix' }>;

function wrongArg(index: number, expected: string, got: FunctionArg | undefined): AppError {
  return new AppError('internal', `function argument ${index}: expected ${expected}, got ${got?.kind ?? 'nothing'}`);
}

export function vectorArg(args: readonly FunctionArg[], index: number): InstantVector {
  const arg = args[index];
  if (arg?.kind !== 'vector') throw wrongArg(index, 'vector', arg);
  return arg.value;
}

export function matrixArg(args: readonly FunctionArg[], index: number): MatrixArg {
  const arg = args[index];
  if (arg?.kind !== 'matrix') throw wrongArg(index, 'matrix', arg);
  return arg;
}

export function scalarArg(args: readonly FunctionArg[], index: number): number {
  const arg = args[index];
  if (arg?.kind !== 'scalar') throw wrongArg(index, 'scalar', arg);
  return arg.value;
}

export function stringArg(args: readonly FunctionArg[], index: number): string {
  const arg = args[index];
  if (arg?.kind !== 'string') throw wrongArg(index, 'string', arg);
  return arg.value;
}

/** The windows of a matrix argument that hold at least one sample (Prometheus never calls a range function on an empty one). */
export function nonEmptyWindows(arg: MatrixArg): RangeWindow[] {
  return arg.value.filter((w) => w.values.length > 0);
}
