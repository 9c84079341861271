import { Minimatch } from "minimatch";
import type { MetricRule } from "../../config/schema.js";

export type Direction = "higher" | "lower";

/**
 * Directions for common metric names, used after a repository's own rules. Lower-is-better names
 * come first so `named.toxicity` is not taken for a score. None of these gate: only configured
 * rules can fail the check.
 */
const DEFAULT_RULES: { match: string; direction: Direction }[] = [
  ...["*latency*", "*_ms", "*cost*", "tokens.*", "failures", "errors", "*error_rate*", "*toxicity*", "*hallucination*", "*harm*", "*bias*"].map(
    (match) => ({ match, direction: "lower" as const }),
  ),
  ...["pass_rate", "passes", "score", "named.*", "*accuracy*", "*f1*", "*precision*", "*recall*", "*relevance*", "*groundedness*", "*faithfulness*"].map(
    (match) => ({ match, direction: "higher" as const }),
  ),
];

export interface ResolvedRule {
  direction?: Direction;
  maxDrop?: number;
  maxDropPct?: number;
  gating: boolean;
}

/**
 * Metric keys are not paths, but promptfoo's prompt labels (`prompts/a.txt`) put `/` in them, and
 * minimatch's `*` stops at `/`. Swapping `/` for a plain character on both sides lets `*` span it.
 */
const SLASH = "\u2215";
const neutral = (text: string) => text.replaceAll("/", SLASH);

/** `*` in metric globs spans dots and slashes: `*latency*` matches `support.latency_p95_ms`. */
const glob = (pattern: string) => {
  const compiled = new Minimatch(neutral(pattern), { dot: true, nocase: true, noglobstar: false });
  return { match: (text: string) => compiled.match(neutral(text)) };
};

type Compiled = { match: ReturnType<typeof glob>; suite?: ReturnType<typeof glob>; rule: ResolvedRule };

export function compileRules(rules: readonly MetricRule[]): (suite: string, metric: string) => ResolvedRule {
  const compiled: Compiled[] = [
    ...rules.map((r) => ({
      match: glob(r.match),
      ...(r.suite ? { suite: glob(r.suite) } : {}),
      rule: {
        ...(r.direction ? { direction: r.direction } : {}),
        ...(r.max_drop !== undefined ? { maxDrop: r.max_drop } : {}),
        ...(r.max_drop_pct !== undefined ? { maxDropPct: r.max_drop_pct } : {}),
        gating: r.gating,
      },
    })),
    ...DEFAULT_RULES.map((r) => ({ match: glob(r.match), rule: { direction: r.direction, gating: false } })),
  ];
  return (suite, metric) => {
    const hit = compiled.find((c) => c.match.match(metric) && (!c.suite || c.suite.match(suite)));
    return hit?.rule ?? { gating: false };
  };
}
