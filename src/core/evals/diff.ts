import type { SuiteResult } from "./model.js";
import type { Direction, ResolvedRule } from "./rules.js";

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
  /** A gating metric that got worse past its allowance, went missing or stopped being a number. */
  regression: boolean;
  /** The allowance, in words, for the comment. */
  allowance?: string;
}

export interface SuiteDiff {
  suite: string;
  presence: "both" | "new" | "removed";
  metrics: MetricDiff[];
  toFail: string[];
  toPass: string[];
}

export interface EvalDiff {
  suites: SuiteDiff[];
  regressions: MetricDiff[];
  /** Gating metrics that cannot be judged (no baseline value although the suite has a baseline). */
  problems: string[];
}

export interface DiffOptions {
  /**
   * The suites a partial run was asked for. Base suites neither asked for nor in the head's results
   * were not evaluated, so they are left out rather than counted as removed; if one has gating
   * metrics, the run cannot give a verdict (a partial run must not pass what it did not test).
   */
  onlySuites?: readonly string[];
}

const EPSILON = 1e-12;

/** How head moved against base, per suite and metric, judged by the rules. Pure. */
export function diffEvals(
  base: readonly SuiteResult[],
  head: readonly SuiteResult[],
  ruleFor: (suite: string, metric: string) => ResolvedRule,
  options: DiffOptions = {},
): EvalDiff {
  const bySuite = (results: readonly SuiteResult[]) => new Map(results.map((r) => [r.suite, r]));
  const headSuites = bySuite(head);
  const only = options.onlySuites;
  const baseSuites = bySuite(only ? base.filter((r) => only.includes(r.suite) || headSuites.has(r.suite)) : base);
  const names = [...new Set([...headSuites.keys(), ...baseSuites.keys()])];
  const suites = names.map((suite): SuiteDiff => {
    const b = baseSuites.get(suite);
    const h = headSuites.get(suite);
    const keys = [...new Set([...Object.keys(h?.metrics ?? {}), ...Object.keys(b?.metrics ?? {})])];
    const metrics = keys.map((metric) => diffMetric(suite, metric, b ? b.metrics[metric] : undefined, h ? h.metrics[metric] : undefined, ruleFor(suite, metric)));
    const flips = caseFlips(b?.cases, h?.cases);
    return { suite, presence: b && h ? "both" : h ? "new" : "removed", metrics, ...flips };
  });
  const skipped = only ? base.filter((r) => !baseSuites.has(r.suite) && Object.keys(r.metrics).some((metric) => ruleFor(r.suite, metric).gating)) : [];
  return {
    suites,
    regressions: suites.flatMap((s) => s.metrics.filter((m) => m.regression)),
    problems: [
      ...suites.flatMap((s) => (s.presence === "both" ? s.metrics.flatMap(unjudged) : [])),
      ...skipped.map((r) => `${r.suite} has gating metrics but this partial run did not evaluate it; run /eval without suite names for a verdict`),
    ],
  };
}

/** A gating metric with a head number but no base number would otherwise pass as merely "new". */
function unjudged(m: MetricDiff): string[] {
  if (!m.gating || typeof m.head !== "number" || typeof m.base === "number") return [];
  return [`${m.suite} · ${m.metric} is gating but its baseline value is ${m.base === null ? "not a number" : "missing"}, so it cannot be judged`];
}

function diffMetric(suite: string, metric: string, base: number | null | undefined, head: number | null | undefined, rule: ResolvedRule): MetricDiff {
  const common = { suite, metric, base, head, gating: rule.gating, ...(rule.direction ? { direction: rule.direction } : {}), ...allowanceOf(rule) };
  if (head === null) return { ...common, verdict: "invalid", regression: rule.gating };
  if (head === undefined) return { ...common, verdict: "removed", regression: rule.gating && base !== undefined };
  if (base === undefined || base === null) return { ...common, verdict: "new", regression: false };
  const delta = head - base;
  const relative = Math.abs(base) > EPSILON ? delta / Math.abs(base) : undefined;
  const moved = { ...common, delta, ...(relative !== undefined ? { relative } : {}) };
  if (Math.abs(delta) <= EPSILON) return { ...moved, verdict: "same", regression: false };
  if (!rule.direction) return { ...moved, verdict: "changed", regression: false };
  const worse = rule.direction === "higher" ? delta < 0 : delta > 0;
  return { ...moved, verdict: worse ? "worse" : "better", regression: worse && rule.gating && pastAllowance(rule, Math.abs(delta), relative) };
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
  const parts = [rule.maxDrop !== undefined ? `${rule.maxDrop}` : "", rule.maxDropPct !== undefined ? `${rule.maxDropPct}%` : ""].filter(Boolean);
  return { allowance: parts.length ? `may drop by at most ${parts.join(" and ")}` : "may not get worse" };
}

function caseFlips(base: Record<string, boolean> | undefined, head: Record<string, boolean> | undefined) {
  const toFail: string[] = [];
  const toPass: string[] = [];
  if (base && head) {
    for (const [name, passed] of Object.entries(head)) {
      const before = base[name];
      if (before === true && passed === false) toFail.push(name);
      if (before === false && passed === true) toPass.push(name);
    }
  }
  return { toFail, toPass };
}
