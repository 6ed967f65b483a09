import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Expands rule-file patterns like Go's filepath.Glob as Prometheus uses it for `rule_files`: `*`, `?` and
 * `[...]` in the last path element only (the directory part is literal). A pattern matching nothing, or whose
 * directory does not exist, yields no files. Results are sorted and deduplicated.
 */
export async function expandRuleFileGlobs(patterns: readonly string[], baseDir: string): Promise<string[]> {
  const out = new Set<string>();
  for (const pattern of patterns) {
    const full = path.resolve(baseDir, pattern);
    const dir = path.dirname(full);
    const base = path.basename(full);
    if (/[*?[]/.test(dir)) throw new RangeError(`rule file pattern ${JSON.stringify(pattern)}: wildcards are only supported in the file name`);
    if (!/[*?[]/.test(base)) {
      const names = await readdir(dir).catch(() => [] as string[]);
      if (names.includes(base)) out.add(full);
      continue;
    }
    const re = globToRegExp(base);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) if (re.test(name)) out.add(path.join(dir, name));
  }
  return [...out].sort();
}

/** The directories the patterns look in (what a watcher watches). */
export function ruleFileDirs(patterns: readonly string[], baseDir: string): string[] {
  return [...new Set(patterns.map((p) => path.dirname(path.resolve(baseDir, p))))];
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) throw new RangeError(`syntax error in pattern ${JSON.stringify(glob)}`);
      let cls = glob.slice(i + 1, end);
      if (cls.startsWith('^')) cls = '^' + cls.slice(1);
      re += `[${cls.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
