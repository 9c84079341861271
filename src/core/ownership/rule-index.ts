import type { CompiledPattern } from "./pattern.js";

/**
 * Finds the last rule matching a path without testing every rule.
 *
 * Each rule sits in one bucket: by a literal path segment every match must contain (`docs` for
 * `/docs/*.md`; of several, the one fewest rules share, so `/services/billing/prompts/` files under
 * `billing`, not under the `services` every rule has), else by the file extension it requires (`.js`
 * for `*.js`), else in a small list of rules checked for every path (`*`, `/*`, `f?o`). A path's candidates are the buckets of its own
 * segments and extension plus that list; each bucket is scanned from its last rule down and stops at
 * the first match or once it falls below the best match found so far, so "last rule wins" holds.
 */
export class RuleIndex {
  private constructor(
    private readonly patterns: readonly CompiledPattern[],
    private readonly bySegment: ReadonlyMap<string, readonly number[]>,
    private readonly byExtension: ReadonlyMap<string, readonly number[]>,
    private readonly unindexed: readonly number[],
  ) {}

  static build(patterns: readonly CompiledPattern[]): RuleIndex {
    const bySegment = new Map<string, number[]>();
    const byExtension = new Map<string, number[]>();
    const unindexed: number[] = [];
    const frequency = new Map<string, number>();
    for (const pattern of patterns)
      for (const segment of new Set(pattern.literalSegments)) frequency.set(segment, (frequency.get(segment) ?? 0) + 1);
    patterns.forEach((pattern, i) => {
      const rarest = pattern.literalSegments.reduce<string | undefined>(
        (best, segment) =>
          best === undefined || (frequency.get(segment) ?? 0) < (frequency.get(best) ?? 0) ? segment : best,
        undefined,
      );
      if (rarest !== undefined) push(bySegment, rarest, i);
      else if (pattern.extension !== undefined) push(byExtension, pattern.extension, i);
      else unindexed.push(i);
    });
    return new RuleIndex(patterns, bySegment, byExtension, unindexed);
  }

  /** Index of the last matching rule, or -1. */
  lastMatch(path: string): number {
    let best = this.scan(this.unindexed, path, -1);
    const segments = path.split("/");
    const basename = segments.at(-1) ?? "";
    const dot = basename.lastIndexOf(".");
    if (dot >= 0) best = this.scan(this.byExtension.get(basename.slice(dot)), path, best);
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i] as string;
      // A name repeated in the path ("a/a/x") has one bucket; scan it once.
      if (segments.indexOf(segment) === i) best = this.scan(this.bySegment.get(segment), path, best);
    }
    return best;
  }

  private scan(bucket: readonly number[] | undefined, path: string, best: number): number {
    if (!bucket) return best;
    for (let j = bucket.length - 1; j >= 0; j--) {
      const rule = bucket[j] as number;
      if (rule <= best) return best;
      if ((this.patterns[rule] as CompiledPattern).regex.test(path)) return rule;
    }
    return best;
  }
}

function push(map: Map<string, number[]>, key: string, value: number) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
