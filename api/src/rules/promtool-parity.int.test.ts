import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseRuleFile } from './parse-rule-file.js';
import { formatRuleFileProblem } from './rule-spec.js';

/**
 * Parity with `promtool check rules` (Prometheus 2.42, Debian's /usr/bin/promtool): every file of the corpus in
 * testdata/ and every default rule file in alert-rules/ is accepted by the api's validator exactly when promtool
 * accepts it. The file names say what each file checks; the expectation comes from promtool, not the names.
 */
const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const corpusDir = path.join(here, 'testdata');
const defaultsDir = path.join(here, '../../../alert-rules');

async function promtoolAccepts(file: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run('/usr/bin/promtool', ['check', 'rules', file]);
    return { ok: true, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (e.code !== 1) throw err;
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const files = [
  ...readdirSync(corpusDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join(corpusDir, f)),
  ...readdirSync(defaultsDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join(defaultsDir, f)),
];

describe('rule file validation matches promtool check rules', () => {
  it('has a corpus covering both outcomes', () => {
    expect(files.filter((f) => path.basename(f).startsWith('invalid-')).length).toBeGreaterThanOrEqual(25);
    expect(files.filter((f) => path.basename(f).startsWith('valid-')).length).toBeGreaterThanOrEqual(10);
  });

  it.each(files.map((f) => [path.relative(path.join(here, '../../..'), f), f]))('%s', async (_name, file) => {
    const theirs = await promtoolAccepts(file);
    const ours = parseRuleFile(readFileSync(file, 'utf8'), file);
    const ourText = ours.problems.map(formatRuleFileProblem).join('\n');
    expect({ accepted: ours.problems.length === 0, problems: ourText }).toMatchObject({ accepted: theirs.ok });
    if (!theirs.ok) {
      // every problem names the file and a line
      for (const p of ours.problems) {
        expect(p.file).toBe(file);
        expect(p.line).toBeGreaterThan(0);
      }
    }
  });
});
