import type { CaseResult, MetricInfo, SuiteResult } from "./model.js";
import { mcnemarExact, minFlipsForSignificance, pairedT, tCritical, wilson, zCritical, zTest } from "./stats.js";

export type TestName = "McNemar exact" | "paired t" | "z (stderr)" | "z (binomial)";

/** What the numbers say about noise, for one metric. */
export interface MetricStats {
  /** Cases behind each side's value. */
  n?: { base?: number; head?: number };
  /** Confidence interval of each side's value, for rates. */
  ci?: { base?: [number, number]; head?: [number, number] };
  /** The test of head against base: its two-sided p-value, and on how many paired cases when paired. */
  test?: { name: TestName; p: number; pairs?: number };
  /**
   * The smallest change this comparison could show as significant at `alpha` (in the metric's own
   * units), and how that is said ("6 of 20 cases flipping").
   */
  detectable?: { change: number; words: string; alpha: number };
}

type Pair = [CaseResult, CaseResult];

/** Cases present on both sides, per column: computed once per suite, shared by its metrics. */
export function pairCases(base: SuiteResult | undefined, head: SuiteResult | undefined): Map<string, Pair[]> {
  const pairs = new Map<string, Pair[]>();
  if (!base?.cases || !head?.cases) return pairs;
  for (const [name, after] of Object.entries(head.cases)) {
    const before = base.cases[name];
    if (!before || before.column !== after.column) continue;
    const column = after.column ?? "";
    const list = pairs.get(column);
    if (list) list.push([before, after]);
    else pairs.set(column, [[before, after]]);
  }
  return pairs;
}

interface Side {
  value: number | null | undefined;
  info?: MetricInfo | undefined;
}

/**
 * Sample sizes, intervals and the fitting test for one metric: McNemar's exact test on pass/fail
 * flips, a paired t-test on per-case scores, or a z-test on the standard errors a format reports
 * (or, for a rate with a known n and none reported, the binomial one).
 */
export function metricStats(base: Side, head: Side, pairs: Map<string, Pair[]>, alpha: number): MetricStats {
  const n = sizes(base.info?.n, head.info?.n);
  const info = head.info ?? base.info;
  const stats: MetricStats = { ...(n ? { n } : {}), ...intervals(base, head, alpha) };
  if (typeof base.value !== "number" || typeof head.value !== "number" || !info) return stats;
  const paired = info.paired ? pairs.get(info.column ?? "") : undefined;
  if (info.paired === "pass" && paired?.length) return { ...stats, ...flipTest(paired, info, alpha) };
  if (info.paired && info.paired !== "pass" && paired?.length) {
    const scored = scoreTest(paired, info.paired, alpha);
    if (scored) return { ...stats, ...scored };
  }
  const seBase = standardError(base);
  const seHead = standardError(head);
  if (seBase === undefined || seHead === undefined) return stats;
  const z = zTest(head.value - base.value, seBase, seHead);
  if (!z) return stats;
  const name: TestName =
    base.info?.stderr !== undefined && head.info?.stderr !== undefined ? "z (stderr)" : "z (binomial)";
  const change = zCritical(alpha) * z.se;
  return { ...stats, test: { name, p: z.p }, detectable: { change, words: "given the standard errors", alpha } };
}

function flipTest(pairs: Pair[], info: MetricInfo, alpha: number): Pick<MetricStats, "test" | "detectable"> {
  let worse = 0;
  let better = 0;
  for (const [before, after] of pairs) {
    if (before.passed && !after.passed) worse++;
    else if (!before.passed && after.passed) better++;
  }
  const flips = minFlipsForSignificance(alpha);
  const words = `${flips} of ${pairs.length} cases flipping one way`;
  return {
    test: { name: "McNemar exact", p: mcnemarExact(worse, better), pairs: pairs.length },
    detectable: { change: info.rate ? flips / pairs.length : flips, words, alpha },
  };
}

function scoreTest(pairs: Pair[], which: string, alpha: number): Pick<MetricStats, "test" | "detectable"> | undefined {
  const named = which.startsWith("named:") ? which.slice("named:".length) : undefined;
  const scoreOf = (c: CaseResult) => (named === undefined ? c.score : c.named?.[named]);
  const differences: number[] = [];
  for (const [before, after] of pairs) {
    const b = scoreOf(before);
    const h = scoreOf(after);
    if (typeof b === "number" && typeof h === "number" && Number.isFinite(b) && Number.isFinite(h))
      differences.push(h - b);
  }
  const t = pairedT(differences);
  if (!t) return undefined;
  const change = tCritical(alpha, t.n - 1) * t.se;
  return {
    test: { name: "paired t", p: t.p, pairs: t.n },
    detectable: { change, words: `given how much per-case scores moved on ${t.n} cases`, alpha },
  };
}

/** The reported standard error, or for a rate with a known n, the binomial one. */
function standardError(side: Side): number | undefined {
  if (side.info?.stderr !== undefined) return side.info.stderr;
  const n = side.info?.n;
  if (side.info?.rate && n && typeof side.value === "number" && side.value >= 0 && side.value <= 1)
    return Math.sqrt((side.value * (1 - side.value)) / n);
  return undefined;
}

function intervals(base: Side, head: Side, alpha: number): Pick<MetricStats, "ci"> {
  const ci = (side: Side) =>
    side.info?.rate && side.info.n && typeof side.value === "number" && side.value >= 0 && side.value <= 1
      ? wilson(Math.round(side.value * side.info.n), side.info.n, alpha)
      : undefined;
  const b = ci(base);
  const h = ci(head);
  return b || h ? { ci: { ...(b ? { base: b } : {}), ...(h ? { head: h } : {}) } } : {};
}

const sizes = (base: number | undefined, head: number | undefined) =>
  base === undefined && head === undefined
    ? undefined
    : { ...(base !== undefined ? { base } : {}), ...(head !== undefined ? { head } : {}) };
