import { isMap, isScalar, isSeq, type LineCounter, type Node, type Pair } from 'yaml';
import type { SloFileProblem, SourcePosition } from './slo-definition.js';

/** One entry of a YAML mapping: its key node (for positions) and its value node. */
export interface YamlField {
  readonly keyNode: Node;
  readonly value: Node | null;
}

/**
 * Reads typed values out of a YAML document's nodes while collecting problems located by file, line and
 * field path. Every reader returns undefined (after recording a problem) on a wrong type, so callers can go
 * on and report every problem of a file at once.
 */
export class SloYamlReader {
  readonly problems: SloFileProblem[] = [];

  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  lineOf(node: Node | null | undefined): number | undefined {
    return node?.range ? this.lines.linePos(node.range[0]).line : undefined;
  }

  problem(node: Node | null | undefined, field: string, message: string): void {
    this.problems.push({ file: this.file, line: this.lineOf(node), field, message });
  }

  position(node: Node | null | undefined, field: string): SourcePosition {
    return { file: this.file, line: this.lineOf(node) ?? 1, field };
  }

  /**
   * A mapping's entries by key. Keys outside `allowed` are reported as unknown fields (typos), unless `allowed`
   * is undefined. `required` keys that are missing (or null) are reported at `node`.
   */
  map(
    node: Node | null,
    field: string,
    allowed?: ReadonlySet<string>,
    required: readonly string[] = [],
  ): Map<string, YamlField> | undefined {
    if (!isMap(node)) {
      this.problem(node, field, node === null || isNullValue(node) ? 'is required (a mapping)' : `must be a mapping, not ${kindOf(node)}`);
      return undefined;
    }
    const out = new Map<string, YamlField>();
    for (const pair of node.items as Pair[]) {
      const keyNode = pair.key as Node;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      const path = join(field, key);
      if (allowed && !allowed.has(key)) {
        this.problem(keyNode, path, `unknown field "${key}" (expected one of: ${[...allowed].join(', ')})`);
        continue;
      }
      out.set(key, { keyNode, value: (pair.value as Node | null) ?? null });
    }
    for (const key of required) {
      const f = out.get(key);
      if (!f || f.value === null || isNullValue(f.value)) this.problem(f?.keyNode ?? node, join(field, key), 'is required');
    }
    return out;
  }

  /** A non-empty string (numbers and booleans as written are accepted as strings, like YAML decoders do). */
  string(f: YamlField | undefined, field: string, opts: { required?: boolean } = {}): string | undefined {
    if (!f || f.value === null || isNullValue(f.value)) {
      if (opts.required) this.problem(f?.keyNode, field, 'is required');
      return undefined;
    }
    if (!isScalar(f.value)) {
      this.problem(f.value, field, `must be a string, not ${kindOf(f.value)}`);
      return undefined;
    }
    const text = String(f.value.value);
    if (text.trim() === '') {
      this.problem(f.value, field, 'must not be empty');
      return undefined;
    }
    return text;
  }

  number(f: YamlField | undefined, field: string): number | undefined {
    if (!f || f.value === null || isNullValue(f.value)) return undefined;
    if (!isScalar(f.value) || typeof f.value.value !== 'number' || !Number.isFinite(f.value.value)) {
      this.problem(f.value, field, `must be a number, not ${kindOf(f.value)}`);
      return undefined;
    }
    return f.value.value;
  }

  boolean(f: YamlField | undefined, field: string): boolean | undefined {
    if (!f || f.value === null || isNullValue(f.value)) return undefined;
    if (!isScalar(f.value) || typeof f.value.value !== 'boolean') {
      this.problem(f.value, field, `must be true or false, not ${kindOf(f.value)}`);
      return undefined;
    }
    return f.value.value;
  }

  /** A mapping of strings to strings (labels, annotations); scalars of any type are taken as written. */
  stringMap(f: YamlField | undefined, field: string): Record<string, string> {
    const out: Record<string, string> = {};
    if (!f || f.value === null || isNullValue(f.value)) return out;
    const entries = this.map(f.value, field);
    if (!entries) return out;
    for (const [key, entry] of entries) {
      const v = entry.value;
      if (v === null || isNullValue(v)) out[key] = '';
      else if (isScalar(v)) out[key] = String(v.value);
      else this.problem(v, join(field, key), `must be a string, not ${kindOf(v)}`);
    }
    return out;
  }

  /** A sequence of nodes (null when absent). */
  sequence(f: YamlField | undefined, field: string): Array<Node | null> | undefined {
    if (!f || f.value === null || isNullValue(f.value)) return undefined;
    if (!isSeq(f.value)) {
      this.problem(f.value, field, `must be a list, not ${kindOf(f.value)}`);
      return undefined;
    }
    return f.value.items as Array<Node | null>;
  }

  /** A list of non-empty strings; a single string is taken as a comma-separated list. */
  stringList(f: YamlField | undefined, field: string): string[] | undefined {
    if (!f || f.value === null || isNullValue(f.value)) return undefined;
    if (isScalar(f.value)) return String(f.value.value).split(',').map((s) => s.trim()).filter((s) => s !== '');
    const items = this.sequence(f, field);
    if (!items) return undefined;
    const out: string[] = [];
    items.forEach((item, i) => {
      if (item !== null && isScalar(item) && String(item.value).trim() !== '') out.push(String(item.value).trim());
      else this.problem(item ?? f.value, `${field}[${i}]`, 'must be a non-empty string');
    });
    return out;
  }
}

export function isNullValue(node: Node): boolean {
  return isScalar(node) && node.value === null;
}

export function kindOf(node: Node | null): string {
  if (node === null || isNullValue(node)) return 'null';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return `${typeof node.value} ${JSON.stringify(node.value)}`;
  return 'an alias';
}

function join(field: string, key: string): string {
  return field === '' ? key : `${field}.${key}`;
}
