import type { PromqlFunction } from './promql-function.js';
import { simpleFunction } from './simple-function.js';

export const TRIG_FUNCTIONS: readonly PromqlFunction[] = [
  simpleFunction('sin', Math.sin),
  simpleFunction('cos', Math.cos),
  simpleFunction('tan', Math.tan),
  simpleFunction('asin', Math.asin),
  simpleFunction('acos', Math.acos),
  simpleFunction('atan', Math.atan),
  simpleFunction('sinh', Math.sinh),
  simpleFunction('cosh', Math.cosh),
  simpleFunction('tanh', Math.tanh),
  simpleFunction('asinh', Math.asinh),
  simpleFunction('acosh', Math.acosh),
  simpleFunction('atanh', Math.atanh),
  simpleFunction('rad', (v) => (v * Math.PI) / 180),
  simpleFunction('deg', (v) => (v * 180) / Math.PI),
  { name: 'pi', argTypes: [], variadic: 0, returnType: 'scalar', call: () => Math.PI },
];
