import { configJsonSchema } from "./json-schema.js";

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
}

let root: SchemaNode | undefined;

/**
 * The keys squadgate.yml allows in the mapping at `path` (e.g. `["roles", "ds"]`), read from the
 * JSON Schema generated from the zod schema, so the two can never disagree.
 */
export function validKeysAt(path: readonly PropertyKey[]): string[] {
  root ??= configJsonSchema() as SchemaNode;
  let nodes: SchemaNode[] = [root];
  for (const step of path) {
    nodes = nodes.flatMap(alternatives).flatMap((node): SchemaNode[] => {
      if (typeof step === "number") return node.items ? [node.items] : [];
      const named = node.properties?.[String(step)];
      if (named) return [named];
      return typeof node.additionalProperties === "object" ? [node.additionalProperties] : [];
    });
  }
  return [...new Set(nodes.flatMap(alternatives).flatMap((node) => Object.keys(node.properties ?? {})))];
}

const alternatives = (node: SchemaNode): SchemaNode[] => (node.anyOf ? node.anyOf.flatMap(alternatives) : [node]);

/** The valid key a misspelling most likely meant: same letters in another case, or a couple of edits away. */
export function closestKey(key: string, candidates: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  if (!best) return undefined;
  // Short keys need a close match, or "mode" would be offered for any four letters.
  const allowed = Math.max(1, Math.min(3, Math.floor(best.key.length / 3)));
  return best.distance <= allowed ? best.key : undefined;
}

/** Levenshtein distance, counting a swap of two neighbouring letters as one edit. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i] as number[];
      const above = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((rows[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}
