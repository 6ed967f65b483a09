import { describe, expect, it } from 'vitest';
import { callVector, matrixOf, vectorOf, windowOf } from './test-args.js';

describe('absent, absent_over_time', () => {
  const absentLabels = { job: 'api' };

  it('absent gives 1 with the selector labels for an empty vector, nothing otherwise', () => {
    expect(callVector('absent', [vectorOf([])], { absentLabels })).toEqual([{ labels: { job: 'api' }, value: 1 }]);
    expect(callVector('absent', [vectorOf([{ labels: { job: 'api' }, value: 0 }])], { absentLabels })).toEqual([]);
  });

  it('absent_over_time gives 1 only when no series has a sample in the window', () => {
    expect(callVector('absent_over_time', [matrixOf([])], { absentLabels })).toEqual([{ labels: { job: 'api' }, value: 1 }]);
    expect(callVector('absent_over_time', [matrixOf([windowOf({ job: 'api' }, [])])], { absentLabels })).toHaveLength(1);
    expect(callVector('absent_over_time', [matrixOf([windowOf({ job: 'api' }, [[5, 1]])])], { absentLabels })).toEqual([]);
  });
});
