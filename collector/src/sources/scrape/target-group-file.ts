import { parse as parseYaml } from 'yaml';
import { addressProblem, type TargetGroup } from '../../config/sections/scrape-config.js';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Parses a Prometheus file_sd file: a list of `{ targets: [host:port, ...], labels: { name: value } }`, in
 * JSON (`.json`) or YAML (any other name). Throws an Error whose message says what is wrong and where
 * (entry index, field); the caller adds the file name.
 */
export function parseTargetGroupFile(path: string, text: string): TargetGroup[] {
  let doc: unknown;
  try {
    doc = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new Error(`${/\.json$/i.test(path) ? 'JSON' : 'YAML'} syntax error: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return [];
  if (!Array.isArray(doc)) throw new Error('expected a list of target groups ({targets, labels})');
  return doc.map((entry: unknown, i) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new Error(`[${i}]: expected an object with targets and labels`);
    const { targets, labels, ...rest } = entry as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0) throw new Error(`[${i}].${extra[0]}: unknown field (a target group has targets and labels)`);
    if (!Array.isArray(targets)) throw new Error(`[${i}].targets: expected a list of host:port strings`);
    const addresses = targets.map((t: unknown, ti) => {
      if (typeof t !== 'string') throw new Error(`[${i}].targets[${ti}]: expected a host:port string`);
      const problem = addressProblem(t);
      if (problem !== undefined) throw new Error(`[${i}].targets[${ti}]: ${problem}`);
      return t;
    });
    const groupLabels: Record<string, string> = {};
    if (labels !== undefined && labels !== null) {
      if (typeof labels !== 'object' || Array.isArray(labels)) throw new Error(`[${i}].labels: expected a map of label names to strings`);
      for (const [name, value] of Object.entries(labels)) {
        if (!LABEL_NAME.test(name)) throw new Error(`[${i}].labels: "${name}" is not a valid label name`);
        if (typeof value !== 'string') throw new Error(`[${i}].labels.${name}: expected a string`);
        groupLabels[name] = value;
      }
    }
    return { targets: addresses, labels: groupLabels };
  });
}
