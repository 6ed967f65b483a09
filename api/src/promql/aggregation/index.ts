export { aggregate, type AggregationOp, type AggregationSpec } from './aggregate.js';
