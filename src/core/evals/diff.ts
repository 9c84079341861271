import { caseChanges, type FlipDetail, type ScoreDrop } from "./cases.js";
import { formatNumber } from "./format.js";
import type { MetricInfo, SuiteResult } from "./model.js";
import type { Direction, ResolvedRule, RuleSet } from "./rules.js";
import { metricStats, pairCases, type MetricStats } from "./significance.js";
import { noiseNote } from "./noise.js";

export type Verdict = "better" | "worse" | "same" | "changed" | "new" | "removed" | "invalid";

export interface MetricDiff {
  suite: string;
  metric: string;
  base: number | null | undefined;
  head: number | null | undefined;
  delta?: number;
  /** delta / |base|, when base is not 0. */
  relative?: number;
  direction?: Direction;
  verdict: Verdict;
  gating: boolean;
  /** A gating metric that got worse past its allowance (and significantly, when its rule asks), went missing or stopped being a number. */
  regression: boolean;
  /** The allowance, in words, for the comment. */
  allowance?: string;
  /** What the format says of the metric: its own name and column, n, standard error, unit. */
  info?: MetricInfo;
  /** Sample sizes, intervals and the test of the change. */
  stats?: MetricStats;
}

export interface SuiteDiff {
  suite: string;
  presence: "both" | "new" | "removed";
  metrics: MetricDiff[];
  toFail: string[];
  toPass: string[];
  /** Per flipped case, the grader's reason and both outputs, when the format gives them. */
  details?: Record<string, FlipDetail>;
  /** The largest per-case score drops that did not flip pass/fail. */
  drops?: ScoreDrop[];
}

export interface EvalDiff {
  suites: SuiteDiff[];
  regressions: MetricDiff[];
  /** Gating metrics that cannot be judged (no baseline value although the suite has a baseline). */
  problems: string[];
  /** Shown in the comment and the check, never changing the verdict: gating rules that matched nothing. */
  warnings?: string[];
  /** Shown in the comment: where a suite is too small for its allowance to be told from noise. */
  notes?: string[];
  /** The level at which changes are labelled significant. */
  alpha?: number;
}

export interface DiffOptions {
  /**
   * The suites a partial run was asked for. Base suites neither asked for nor in the head's results
   * were not evaluated, so they are left out rather than counted as removed; if one has gating
   * metrics, the run cannot give a verdict (a partial run must not pass what it did not test).
   */
  onlySuites?: readonly string[];
  /** Significance level for labelling changes (evals.alpha); 0.05 when not given. */
  alpha?: number;
}

const EPSILON = 1e-12;
export const DEFAULT_ALPHA = 0.05;

/** How head moved against base, per suite and metric, judged by the rules. Pure. */
export function diffEvals(
  base: readonly SuiteResult[],
  head: readonly SuiteResult[],
  ruleFor: RuleSet,
  options: DiffOptions = {},
): EvalDiff {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const bySuite = (results: readonly SuiteResult[]) => new Map(results.map((r) => [r.suite, r]));
  const headSuites = bySuite(head);
  const only = options.onlySuites;
  const baseSuites = bySuite(only ? base.filter((r) => only.includes(r.suite) || headSuites.has(r.suite)) : base);
  const used = new Set<number>();
  const judge = (suite: string, metric: string, info?: MetricInfo) => {
    const rule = ruleFor(suite, metric, info);
    if (rule.gating && rule.index !== undefined) used.add(rule.index);
    return rule;
  };
  const names = [...new Set([...headSuites.keys(), ...baseSuites.keys()])];
  const judged = names.map((suite) => diffSuite(suite, baseSuites.get(suite), headSuites.get(suite), judge, alpha));
  const suites = judged.map((j) => j.diff);
  const skipped = only
    ? base.filter(
        (r) =>
          !baseSuites.has(r.suite) &&
          Object.keys(r.metrics).some((metric) => judge(r.suite, metric, r.info?.[metric]).gating),
      )
    : [];
  const unmatched = only ? [] : (ruleFor.gating ?? []).filter((r) => !used.has(r.index));
  return {
    suites,
    regressions: suites.flatMap((s) => s.metrics.filter((m) => m.regression)),
    problems: [
      ...suites.flatMap((s) => (s.presence === "both" ? s.metrics.flatMap(unjudged) : [])),
      ...skipped.map(
        (r) =>
          `${r.suite} has gating metrics but this partial run did not evaluate it; run /eval without suite names for a verdict`,
      ),
    ],
    warnings: [
      ...unmatched.map(
        (r) =>
          `gating rule ${r.label} matched no metric in these results, so it gated nothing; check its match, suite and column against the metric names in the eval comment`,
      ),
      ...judged.flatMap((j) => j.warnings),
    ],
    notes: judged.flatMap((j) => j.notes),
    alpha,
  };
}

type Judge = (suite: string, metric: string, info?: MetricInfo) => ResolvedRule;

function diffSuite(suite: string, b: SuiteResult | undefined, h: SuiteResult | undefined, judge: Judge, alpha: number) {
  const keys = [...new Set([...Object.keys(h?.metrics ?? {}), ...Object.keys(b?.metrics ?? {})])];
  const pairs = pairCases(b, h);
  const warnings: string[] = [];
  const notes: string[] = [];
  const metrics = keys.map((metric) => {
    const side = (r: SuiteResult | undefined) => ({
      value: r ? r.metrics[metric] : undefined,
      info: r?.info?.[metric],
    });
    const [before, after] = [side(b), side(h)];
    const info = after.info ?? before.info;
    const rule = judge(suite, metric, info);
    const stats = metricStats(before, after, pairs, rule.alpha ?? alpha);
    const diff = diffMetric({
      suite,
      metric,
      base: before.value,
      head: after.value,
      rule,
      stats,
      ...(info ? { info } : {}),
    });
    if (rule.alpha !== undefined && diff.verdict === "worse" && !stats.test) {
      warnings.push(
        `${suite} · ${metric}: its rule gates only significant regressions, but these results give no way to test it, so it was gated on its allowance alone`,
      );
    }
    const note = noiseNote(diff, rule);
    if (note) notes.push(note);
    return diff;
  });
  const changes = caseChanges(b?.cases, h?.cases);
  const diff: SuiteDiff = {
    suite,
    presence: b && h ? "both" : h ? "new" : "removed",
    metrics,
    toFail: changes.toFail,
    toPass: changes.toPass,
    ...(Object.keys(changes.details).length ? { details: changes.details } : {}),
    ...(changes.drops.length ? { drops: changes.drops } : {}),
  };
  return { diff, warnings, notes };
}

/** A gating metric with a head number but no base number would otherwise pass as merely "new". */
function unjudged(m: MetricDiff): string[] {
  if (!m.gating || typeof m.head !== "number" || typeof m.base === "number") return [];
  return [
    `${m.suite} · ${m.metric} is gating but its baseline value is ${m.base === null ? "not a number" : "missing"}, so it cannot be judged`,
  ];
}

interface MetricInput {
  suite: string;
  metric: string;
  base: number | null | undefined;
  head: number | null | undefined;
  rule: ResolvedRule;
  stats: MetricStats;
  info?: MetricInfo;
}

function diffMetric({ suite, metric, base, head, rule, stats, info }: MetricInput): MetricDiff {
  const hasStats = stats.n !== undefined || stats.ci !== undefined || stats.test !== undefined;
  const common = {
    suite,
    metric,
    base,
    head,
    gating: rule.gating,
    ...(rule.direction ? { direction: rule.direction } : {}),
    ...allowanceOf(rule),
    ...(info ? { info } : {}),
    ...(hasStats ? { stats } : {}),
  };
  if (head === null) return { ...common, verdict: "invalid", regression: rule.gating };
  if (head === undefined) return { ...common, verdict: "removed", regression: rule.gating && base !== undefined };
  if (base === undefined || base === null) return { ...common, verdict: "new", regression: false };
  const delta = head - base;
  const relative = Math.abs(base) > EPSILON ? delta / Math.abs(base) : undefined;
  const moved = { ...common, delta, ...(relative !== undefined ? { relative } : {}) };
  if (Math.abs(delta) <= EPSILON) return { ...moved, verdict: "same", regression: false };
  if (!rule.direction) return { ...moved, verdict: "changed", regression: false };
  const worse = rule.direction === "higher" ? delta < 0 : delta > 0;
  const significant = rule.alpha === undefined || !stats.test || stats.test.p < rule.alpha;
  return {
    ...moved,
    verdict: worse ? "worse" : "better",
    regression: worse && rule.gating && pastAllowance(rule, Math.abs(delta), relative) && significant,
  };
}

/** Worse by more than any allowance given; with no allowance, any worsening of a gating metric. */
function pastAllowance(rule: ResolvedRule, drop: number, relative: number | undefined): boolean {
  if (rule.maxDrop === undefined && rule.maxDropPct === undefined) return true;
  if (rule.maxDrop !== undefined && drop > rule.maxDrop + EPSILON) return true;
  const pct = relative === undefined ? Number.POSITIVE_INFINITY : Math.abs(relative) * 100;
  return rule.maxDropPct !== undefined && pct > rule.maxDropPct + EPSILON;
}

function allowanceOf(rule: ResolvedRule): { allowance?: string } {
  if (!rule.gating) return {};
  const parts = [
    rule.maxDrop !== undefined ? formatNumber(rule.maxDrop) : "",
    rule.maxDropPct !== undefined ? `${formatNumber(rule.maxDropPct)}%` : "",
  ].filter(Boolean);
  const significance = rule.alpha !== undefined ? `, counted only when significant at α = ${rule.alpha}` : "";
  return {
    allowance: `${parts.length ? `may drop by at most ${parts.join(" and ")}` : "may not get worse"}${significance}`,
  };
}
