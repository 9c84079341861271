import { Minimatch } from "minimatch";
import type { MetricRule } from "../../config/schema.js";
import type { Direction, MetricInfo } from "./model.js";

export type { Direction };

/**
 * Directions for common metric names, used after a repository's own rules and the format's own
 * word. Lower-is-better names come first so `named.toxicity` is not taken for a score. None of
 * these gate: only configured rules can fail the check.
 */
const DEFAULT_RULES: { match: string; direction: Direction }[] = [
  ...[
    "*latency*",
    "*_ms",
    "*cost*",
    "tokens.*",
    "failures",
    "errors",
    "*error_rate*",
    "*toxicity*",
    "*hallucination*",
    "*harm*",
    "*bias*",
    "*perplexity*",
    "bits_per_byte",
  ].map((match) => ({ match, direction: "lower" as const })),
  ...[
    "pass_rate",
    "passes",
    "score",
    "named.*",
    "*accuracy*",
    "acc",
    "acc_norm",
    "exact_match",
    "*f1*",
    "*precision*",
    "*recall*",
    "*relevance*",
    "*groundedness*",
    "*faithfulness*",
  ].map((match) => ({ match, direction: "higher" as const })),
];

export interface ResolvedRule {
  direction?: Direction;
  maxDrop?: number;
  maxDropPct?: number;
  gating: boolean;
  /** Gate only on regressions significant at this level. */
  alpha?: number;
  /** Which configured rule this is (its index in `evals.metrics`), for reporting rules that matched nothing. */
  index?: number;
}

/** Rules as compiled, with what `diffEvals` needs to say which gating rules matched nothing. */
export interface RuleSet {
  (suite: string, metric: string, info?: MetricInfo): ResolvedRule;
  /** The gating rules, by index, in words. */
  gating?: { index: number; label: string }[];
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

type Glob = ReturnType<typeof glob>;
type Compiled = { match: Glob; suite?: Glob; column?: Glob; rule: ResolvedRule };

/**
 * A rule matches a metric by its own name in any column (`pass_rate` in every prompt of a
 * multi-prompt promptfoo run), or by its whole key; `column` narrows it to matching columns. The
 * first matching rule wins; a direction the rule leaves out comes from the format, then the defaults.
 */
export function compileRules(rules: readonly MetricRule[]): RuleSet {
  const configured: Compiled[] = rules.map((r, index) => ({
    match: glob(r.match),
    ...(r.suite ? { suite: glob(r.suite) } : {}),
    ...(r.column ? { column: glob(r.column) } : {}),
    rule: {
      ...(r.direction ? { direction: r.direction } : {}),
      ...(r.max_drop !== undefined ? { maxDrop: r.max_drop } : {}),
      ...(r.max_drop_pct !== undefined ? { maxDropPct: r.max_drop_pct } : {}),
      gating: r.gating,
      ...(r.significance ? { alpha: r.significance.alpha } : {}),
      index,
    },
  }));
  const defaults: Compiled[] = DEFAULT_RULES.map((r) => ({
    match: glob(r.match),
    rule: { direction: r.direction, gating: false },
  }));
  const matches = (c: Compiled, suite: string, metric: string, info: MetricInfo | undefined) =>
    (c.match.match(metric) || (info !== undefined && c.match.match(info.name))) &&
    (!c.suite || c.suite.match(suite)) &&
    (!c.column || (info?.column !== undefined && c.column.match(info.column)));
  const ruleFor: RuleSet = (suite, metric, info) => {
    const hit = configured.find((c) => matches(c, suite, metric, info));
    if (hit?.rule.direction) return hit.rule;
    const direction = info?.direction ?? defaults.find((c) => matches(c, suite, metric, info))?.rule.direction;
    const rule = hit?.rule ?? { gating: false };
    return direction ? { ...rule, direction } : rule;
  };
  ruleFor.gating = rules.flatMap((r, index) => (r.gating ? [{ index, label: describe(r) }] : []));
  return ruleFor;
}

/** A rule as the user wrote it, for messages: `{ match: pass_rate, suite: support }`. */
const describe = (r: MetricRule) =>
  `{ ${[`match: ${r.match}`, r.suite ? `suite: ${r.suite}` : "", r.column ? `column: ${r.column}` : ""].filter(Boolean).join(", ")} }`;
