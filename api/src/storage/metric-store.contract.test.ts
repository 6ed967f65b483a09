import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeMetricStoreContract } from './metric-store.contract.js';
import { MemoryMetricStore } from './memory/memory-metric-store.js';
import type { MetricStore } from './metric-store.js';
import { SqliteMetricStore } from './sqlite/sqlite-metric-store.js';

describeMetricStoreContract('MemoryMetricStore', async () => {
  const store = new MemoryMetricStore();
  return { store, cleanup: async () => store.close() };
});

describeMetricStoreContract('SqliteMetricStore', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'metric-store-contract-'));
  const store = SqliteMetricStore.open({ dataDir, maintenanceIntervalMs: 0 });
  return {
    store,
    cleanup: async () => {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

describeMetricStoreContract('SqliteMetricStore, compacting into chunks after every append', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'metric-store-contract-'));
  const store = SqliteMetricStore.open({ dataDir, maintenanceIntervalMs: 0, blockDurationMs: 20_000 });
  const compacting: MetricStore = {
    append: async (samples) => {
      await store.append(samples);
      store.compact();
    },
    select: (matchers, range) => store.select(matchers, range),
    series: (sets, range) => store.series(sets, range),
    labelNames: (sets, range) => store.labelNames(sets, range),
    labelValues: (name, sets, range) => store.labelValues(name, sets, range),
    isOpen: () => store.isOpen(),
    stats: () => store.stats(),
    close: () => store.close(),
  };
  return {
    store: compacting,
    cleanup: async () => {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
