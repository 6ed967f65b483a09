import { isAlias, isMap, isPair, isScalar, isSeq, visit, type Document, type Node, type Pair } from 'yaml';

/**
 * Resolves aliases (`*name`) to the nodes they point at and applies YAML 1.1 merge keys (`<<: *base`, also a
 * list of maps), as yaml.v3 does when Prometheus decodes rule files: keys written in the map win over merged ones,
 * and earlier merged maps win over later ones. Works in place on the document's node tree.
 */
export function resolveAliasesAndMerges(doc: Document): void {
  visit(doc, {
    Alias(_key, node) {
      const target = node.resolve(doc);
      return target ?? undefined;
    },
  });
  visit(doc, {
    Map(_key, map) {
      const merges = map.items.filter((p) => isMergeKey(p.key));
      if (merges.length === 0) return undefined;
      const explicit = map.items.filter((p) => !isMergeKey(p.key));
      const seen = new Set(explicit.map((p) => keyText(p)));
      const merged: Pair[] = [];
      for (const m of merges) {
        const value = m.value as Node | null;
        const sources = isSeq(value) ? (value.items as Node[]) : [value];
        for (const src of sources) {
          const map2 = isAlias(src) ? src.resolve(doc) : src;
          if (!isMap(map2)) continue;
          for (const p of map2.items) {
            if (!isPair(p)) continue;
            const k = keyText(p);
            if (seen.has(k)) continue;
            seen.add(k);
            merged.push(p as Pair);
          }
        }
      }
      map.items = [...explicit, ...merged] as typeof map.items;
      return undefined;
    },
  });
}

/** `<<` as the yaml library parses it with `merge: true` (a symbol value), or as a plain string. */
function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const v = key.value;
  return v === '<<' || (typeof v === 'symbol' && v.description === '<<');
}

function keyText(p: Pair): string {
  return isScalar(p.key) ? String(p.key.value) : String(p.key);
}
