import type { SuiteResult } from "./model.js";

/** Keys per metrics file; a tree beyond this is not a metrics file but data. */
const MAX_METRICS = 2_000;
const MAX_DEPTH = 8;

/**
 * A generic metrics file (JSON or YAML tree of numbers, as DVC writes them), flattened to dotted
 * keys: `{ support: { accuracy: 0.91 } }` becomes `support.accuracy`. Non-numeric leaves become
 * null so a metric that stopped being a number is reported, not dropped.
 */
export function parseMetricsTree(value: unknown, suite: string, source: string): SuiteResult | { error: string } {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return { error: "a metrics file must be a mapping of names to numbers" };
  const metrics: Record<string, number | null> = {};
  let count = 0;
  const walk = (node: unknown, prefix: string, depth: number): string | undefined => {
    if (depth > MAX_DEPTH) return `nested deeper than ${MAX_DEPTH} levels at ${prefix}`;
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (child !== null && typeof child === "object" && !Array.isArray(child)) {
        const error = walk(child, path, depth + 1);
        if (error) return error;
        continue;
      }
      if (++count > MAX_METRICS) return `more than ${MAX_METRICS} metrics`;
      metrics[path] =
        typeof child === "number" && Number.isFinite(child) ? child : typeof child === "boolean" ? Number(child) : null;
    }
    return undefined;
  };
  const error = walk(value, "", 0);
  if (error) return { error };
  if (count === 0) return { error: "no metrics in the file" };
  return { suite, metrics, format: "metrics", source };
}
