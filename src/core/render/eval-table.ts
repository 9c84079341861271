import type { MetricDiff, SuiteDiff } from "../evals/diff.js";
import { formatNumber, formatP, formatPercent, formatSigned, formatValue } from "../evals/format.js";
import { fitTable } from "./budget.js";
import { clip, code, escapeText } from "./markdown.js";

const MAX_ROWS = 150;
/** Metric, suite and case names are the eval's own; past this length they are cut in the middle. */
export const MAX_NAME_SHOWN = 200;

const ICON: Record<MetricDiff["verdict"], string> = {
  better: "🟢 better",
  worse: "🔻 worse",
  same: "=",
  changed: "changed",
  new: "new",
  removed: "removed",
  invalid: "❌ not a number",
};

/**
 * One row per metric, regressions first so a cut table still shows them. Each value carries its
 * sample size (and, for rates, its confidence interval); the Noise column says whether the change
 * is significant at `alpha`, by which test.
 */
export function metricTable(suites: readonly SuiteDiff[], alpha: number, budget: number): string {
  const metrics = suites.flatMap((s) => s.metrics.map((m) => ({ s, m })));
  const ordered = [...metrics.filter(({ m }) => m.regression), ...metrics.filter(({ m }) => !m.regression)];
  const rows = ordered.map(({ s, m }) => {
    const change = changeCell(m);
    const gate = m.gating ? (m.regression ? ` · ❌ ${escapeText(m.allowance ?? "")}` : ` · gating`) : "";
    const suite = `${escapeText(clip(s.suite, MAX_NAME_SHOWN))}${s.presence === "both" ? "" : ` (${s.presence})`}`;
    const unit = m.info?.unit ? ` (${escapeText(m.info.unit)})` : "";
    const cells = [
      suite,
      `${code(clip(m.metric, MAX_NAME_SHOWN))}${unit}`,
      valueCell(m, "base"),
      valueCell(m, "head"),
      change,
      noiseCell(m, alpha),
      `${ICON[m.verdict]}${gate}`,
    ];
    return `| ${cells.join(" | ")} |`;
  });
  const header = [
    `| Suite | Metric | Base | Head | Change | Noise (α = ${alpha}) | |`,
    "|---|---|---|---|---|---|---|",
  ];
  return fitTable(
    header,
    rows,
    budget,
    (n) => `${n} more metrics not shown; the run's artifact has every result.`,
    MAX_ROWS,
  );
}

/** A count of cases changes by cases ("+2 of 20 cases"), not by a percentage of itself (2 → 4 is not "+100%" of anything that matters). */
function changeCell(m: MetricDiff): string {
  if (m.delta === undefined || m.verdict === "same") return "";
  const n = m.stats?.n?.head ?? m.stats?.n?.base;
  if (m.info?.count && n !== undefined) return `${formatSigned(m.delta)} of ${formatNumber(n)} cases`;
  return `${formatSigned(m.delta)}${m.relative !== undefined ? ` (${formatPercent(m.relative)})` : ""}`;
}

/** `0.8333 (n = 6, CI 0.44–0.97)` for a rate; `0.91 (n = 6)` when only the size is known. */
function valueCell(m: MetricDiff, side: "base" | "head"): string {
  const value = m[side];
  const n = m.stats?.n?.[side];
  const ci = m.stats?.ci?.[side];
  if (typeof value !== "number" || (n === undefined && !ci)) return formatValue(value);
  const parts = [
    n !== undefined ? `n = ${formatNumber(n)}` : "",
    ci ? `CI ${formatNumber(ci[0])}–${formatNumber(ci[1])}` : "",
  ].filter(Boolean);
  return `${formatValue(value)} (${parts.join(", ")})`;
}

/** Significant or within noise, with the test and its p-value; blank when there is nothing to test. */
function noiseCell(m: MetricDiff, alpha: number): string {
  const test = m.stats?.test;
  if (!test || m.delta === undefined) return "";
  if (m.verdict === "same") return `— (${test.name})`;
  return `${test.p < alpha ? "**significant**" : "within noise"} (${test.name}, p ${test.p < 0.001 ? formatP(test.p) : `= ${formatP(test.p)}`})`;
}

/** One line under the table on what the Noise column means. */
export function noiseLegend(alpha: number): string {
  const confidence = `${formatNumber((1 - alpha) * 100)}%`;
  return `_Noise: two-sided tests at α = ${alpha}; CI is the ${confidence} Wilson interval of a rate; n is the number of cases. "within noise" means a change this size is not unusual by chance alone, when nothing really changed._`;
}
