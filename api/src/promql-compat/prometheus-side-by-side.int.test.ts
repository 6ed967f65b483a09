// Side by side with a real Prometheus 2.42: the same generated data pushed to both by remote_write, then every
// query of compat-queries.ts through format_query, as instant queries at several times and as range queries; the api must answer
// with the same label sets and values (within 1e-6 relative) as Prometheus. Mismatches are printed in full.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPAT_QUERIES } from './compat-queries.js';
import { formatMismatch, runSideBySide, type SideBySideReport } from './side-by-side.js';
import { sideBySideMetadataPaths, sideBySideTimes, startSideBySide, type SideBySideServers } from './side-by-side-setup.js';

let servers: SideBySideServers;

beforeAll(async () => {
  servers = await startSideBySide();
}, 60_000);

afterAll(async () => {
  await servers?.close();
});

describe('the api answers PromQL like a real Prometheus 2.42', () => {
  it('has at least 100 queries covering the language', () => {
    expect(COMPAT_QUERIES.length).toBeGreaterThanOrEqual(100);
  });

  it('gives the same results for every query (format, instant, range) and the same series, labels and label values', async () => {
    const report: SideBySideReport = await runSideBySide({
      apiUrl: servers.apiUrl,
      prometheusUrl: servers.prometheus.url,
      queries: COMPAT_QUERIES,
      ...sideBySideTimes(servers.data),
      exactPaths: sideBySideMetadataPaths(servers.data),
    });
    if (report.mismatches.length > 0) console.error(report.mismatches.map(formatMismatch).join('\n\n'));
    expect(report.requests).toBe(COMPAT_QUERIES.length * 10 + sideBySideMetadataPaths(servers.data).length);
    // most query answers (9 per query besides format_query) hold data: the comparison is not vacuous
    expect(report.nonEmpty).toBeGreaterThan(COMPAT_QUERIES.length * 9 * 0.8);
    expect(report.mismatches.map((m) => `${m.query} :: ${m.request}`)).toEqual([]);
  }, 240_000);
});
