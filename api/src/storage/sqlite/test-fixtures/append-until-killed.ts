/**
 * Crash-test child: appends batches to a SqliteMetricStore in argv[2] forever, compacting often, and
 * prints `acked <round>` after each append resolved. The parent kill -9s it and checks every acked round.
 */
import { normalizeLabels } from '../../labels.js';
import type { Sample } from '../../metric-store.js';
import { SqliteMetricStore } from '../sqlite-metric-store.js';
import { CRASH_SERIES, CRASH_T0 } from './crash-test-data.js';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: append-until-killed <dataDir>');
  const store = SqliteMetricStore.open({
    dataDir,
    blockDurationMs: 20_000,
    maintenanceIntervalMs: 5,
    clock: () => CRASH_T0,
  });
  const labels = Array.from({ length: CRASH_SERIES }, (_, i) => normalizeLabels({ __name__: 'crash_test', series: String(i) }));
  for (let round = 0; ; round++) {
    const batch: Sample[] = [];
    for (let i = 0; i < CRASH_SERIES; i++) batch.push({ labels: labels[i], timestamp: CRASH_T0 + round * 1000, value: round * 1000 + i });
    await store.append(batch);
    process.stdout.write(`acked ${round}\n`);
    // Let the maintenance timer (compaction) interleave with appends.
    if (round % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(String(err) + '\n');
  process.exit(1);
});
