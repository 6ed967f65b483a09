import { describe, expect, it } from 'vitest';
import { mergeTargetLabels } from './merge-target-labels.js';

const target = { job: 'api', instance: 'h:1', env: 'prod' };

describe('mergeTargetLabels', () => {
  it.each([
    ['no clash', { code: '200' }, false, { code: '200', job: 'api', instance: 'h:1', env: 'prod' }],
    ['clash, honor_labels false', { job: 'inner', env: 'dev' }, false, { exported_job: 'inner', exported_env: 'dev', job: 'api', instance: 'h:1', env: 'prod' }],
    ['clash with exported_ taken', { job: 'a', exported_job: 'b' }, false, { exported_exported_job: 'a', exported_job: 'b', job: 'api', instance: 'h:1', env: 'prod' }],
    ['clash, honor_labels true', { job: 'inner', instance: 'x' }, true, { job: 'inner', instance: 'x', env: 'prod' }],
    ['empty scraped value, honor_labels true (present: no env at all, as Prometheus 2.42)', { env: '' }, true, { job: 'api', instance: 'h:1' }],
    ['empty scraped value, honor_labels false', { env: '', a: '' }, false, { job: 'api', instance: 'h:1', env: 'prod' }],
  ])('%s', (_name, scraped, honor, want) => {
    expect(mergeTargetLabels(scraped, target, honor)).toEqual(want);
  });
});
