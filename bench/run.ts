// `npm run bench`: runs every benchmark section and prints one table; also writes bench/RESULTS.md.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { BenchRow } from './bench-row.js';
import { benchIngest } from './ingest.js';
import { benchLogsPipeline } from './logs-pipeline.js';
import { benchLogsSearch } from './logs-search.js';
import { benchOtlpReceiver } from './otlp-receiver.js';
import { benchQuery } from './query.js';
import { benchRedisSource } from './redis-source.js';
import { benchStorage } from './storage.js';
import { benchScrape } from './scrape.js';
import { benchSse } from './sse.js';
import { benchSloEngine } from './slo-engine.js';
import { benchDashboard } from './dashboard.js';
import { benchEvaluation } from './evaluation.js';

interface Section {
  name: string;
  run: () => Promise<BenchRow[]>;
}

const sections: Section[] = [
  { name: 'ingest', run: benchIngest },
  { name: 'storage', run: benchStorage },
  { name: 'query', run: benchQuery },
  { name: 'logs-pipeline', run: benchLogsPipeline },
  { name: 'logs-search', run: benchLogsSearch },
  { name: 'redis-source', run: benchRedisSource },
  { name: 'otlp-receiver', run: benchOtlpReceiver },
  { name: 'scrape', run: benchScrape },
  { name: 'sse', run: benchSse },
  { name: 'slo-engine', run: benchSloEngine },
  { name: 'dashboard', run: benchDashboard },
  { name: 'evaluation', run: benchEvaluation },
];

function format(value: number): string {
  if (Number.isInteger(value) || Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(2);
}

function meetsTarget(row: BenchRow): string {
  const m = /^(>=|<=)\s*([\d.e+]+)/.exec(row.target.replace(/,/g, ''));
  if (!m) return '';
  const target = Number(m[2]);
  const ok = m[1] === '>=' ? row.value >= target : row.value <= target;
  return ok ? 'met' : 'MISSED';
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const rows: Array<BenchRow & { section: string }> = [];
  for (const section of sections) {
    if (only.length > 0 && !only.includes(section.name)) continue;
    console.error(`== ${section.name}`);
    for (const row of await section.run()) rows.push({ ...row, section: section.name });
  }
  const header = ['section', 'figure', 'value', 'unit', 'target', ''];
  const table = [header, ...rows.map((r) => [r.section, r.name, format(r.value), r.unit, r.target, meetsTarget(r)])];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const text = table.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
  console.log(text);

  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const md = [
    '# Last benchmark run',
    '',
    `${new Date().toISOString()} on ${machine}`,
    '',
    '| section | figure | value | unit | target | |',
    '|---|---|---:|---|---|---|',
    ...rows.map((r) => `| ${r.section} | ${r.name} | ${format(r.value)} | ${r.unit} | ${r.target} | ${meetsTarget(r)} |`),
    '',
  ].join('\n');
  if (only.length === 0) writeFileSync(new URL('./RESULTS.md', import.meta.url), md);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
