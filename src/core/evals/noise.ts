import type { MetricDiff } from "./diff.js";
import { formatNumber } from "./format.js";
import type { ResolvedRule } from "./rules.js";

/**
 * The drop a rule allows, in the metric's units: the smaller of `max_drop` and `max_drop_pct` of
 * the base value (either one past is a regression); none when the rule gives no allowance.
 */
export function allowedDrop(rule: ResolvedRule, base: number): number | undefined {
  const limits = [
    rule.maxDrop,
    rule.maxDropPct === undefined ? undefined : (rule.maxDropPct / 100) * Math.abs(base),
  ].filter((v): v is number => v !== undefined);
  return limits.length ? Math.min(...limits) : undefined;
}

/**
 * For a gating metric whose suite is too small to tell a drop of the allowed size from noise:
 * the smallest drop it could show as significant, and what follows for the gate. Said only for
 * rules that give an allowance or gate on significance: with neither, every worsening fails anyway.
 */
export function noiseNote(m: MetricDiff, rule: ResolvedRule): string | undefined {
  const detectable = m.stats?.detectable;
  if (!m.gating || !detectable || typeof m.base !== "number" || typeof m.head !== "number") return undefined;
  const allowed = allowedDrop(rule, m.base) ?? (rule.alpha !== undefined ? 0 : undefined);
  if (allowed === undefined || detectable.change <= allowed + 1e-12) return undefined;
  const n = m.stats?.test?.pairs ?? m.stats?.n?.head ?? m.stats?.n?.base;
  const size = n !== undefined ? `with ${formatNumber(n)} cases, ` : "";
  const consequence =
    rule.alpha !== undefined
      ? "so a regression past the allowance can still be called noise and pass"
      : "so a regression past the allowance that fails the gate may still be noise";
  return `${m.suite} · ${m.metric}: ${size}the smallest drop this suite can show as significant at α = ${detectable.alpha} is ${formatNumber(detectable.change)} (${detectable.words}), more than the allowed ${formatNumber(allowed)}, ${consequence}`;
}
