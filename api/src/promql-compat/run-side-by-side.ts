// `npx tsx api/src/promql-compat/run-side-by-side.ts [filter]`: runs the side-by-side comparison with a real
// Prometheus and prints every mismatch (query, diff, both answers), then a summary line.
import { COMPAT_QUERIES } from './compat-queries.js';
import { formatMismatch, runSideBySide } from './side-by-side.js';
import { sideBySideMetadataPaths, sideBySideTimes, startSideBySide } from './side-by-side-setup.js';

async function main(): Promise<void> {
  const filter = process.argv[2];
  const servers = await startSideBySide();
  try {
    const queries = filter ? COMPAT_QUERIES.filter((q) => q.query.includes(filter)) : COMPAT_QUERIES;
    const report = await runSideBySide({ apiUrl: servers.apiUrl, prometheusUrl: servers.prometheus.url, queries, ...sideBySideTimes(servers.data), exactPaths: filter ? [] : sideBySideMetadataPaths(servers.data) });
    for (const m of report.mismatches) console.log(formatMismatch(m));
    const failedQueries = new Set(report.mismatches.map((m) => m.query));
    console.log(`${queries.length} queries, ${report.requests} requests (${report.nonEmpty} non-empty, ${report.errors} errors in Prometheus): ${report.mismatches.length} mismatching requests in ${failedQueries.size} queries`);
    process.exitCode = report.mismatches.length === 0 ? 0 : 1;
  } finally {
    await servers.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});
