import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeLogStoreContract } from './log-store.contract.js';
import { MemoryLogStore } from './memory/memory-log-store.js';
import { SqliteLogStore } from './sqlite/sqlite-log-store.js';

describeLogStoreContract('MemoryLogStore', async (opts) => {
  const store = new MemoryLogStore(opts);
  return { store, cleanup: () => store.close() };
});

describeLogStoreContract('SqliteLogStore', async (opts) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'log-store-contract-'));
  // Retention in transactions of 7 rows, so the contract's 24 deletions take several.
  const store = SqliteLogStore.open({ dataDir, ...opts, retentionIntervalMs: 0, retentionBatchRows: 7, sync: 'normal' });
  return {
    store,
    cleanup: async () => {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

describeLogStoreContract('SqliteLogStore, text + level/service searches switching plans after 2 matches and 3 reads', async (opts) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'log-store-contract-'));
  const store = SqliteLogStore.open({ dataDir, ...opts, retentionIntervalMs: 0, sync: 'normal', searchCandidates: 2, planSwitchReads: 3 });
  return {
    store,
    cleanup: async () => {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
