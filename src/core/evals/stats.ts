import binomialCdf from "@stdlib/stats-base-dists-binomial-cdf";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

/**
 * The few tests an eval diff needs, on distributions from stdlib (exact binomial, Student's t,
 * normal), so no tail probability here is hand-approximated. Every p-value is two-sided.
 */

/** Wilson score interval for `successes` of `n` at confidence 1 − alpha: sound near 0 and 1, unlike p ± z·se. */
export function wilson(successes: number, n: number, alpha: number): [number, number] {
  if (n <= 0) return [0, 1];
  const z = normalQuantile(1 - alpha / 2, 0, 1);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Exact McNemar test on paired pass/fail results: of the cases that flipped, `worse` went from pass
 * to fail and `better` the other way. Under no change each flip is a fair coin, so the p-value is
 * twice the binomial tail of the rarer direction.
 */
export function mcnemarExact(worse: number, better: number): number {
  const flips = worse + better;
  if (flips === 0) return 1;
  return Math.min(1, 2 * binomialCdf(Math.min(worse, better), flips, 0.5));
}

/** The fewest flips, all in one direction, that McNemar's test can call significant at `alpha`. */
export function minFlipsForSignificance(alpha: number): number {
  let flips = 1;
  while (mcnemarExact(flips, 0) >= alpha && flips < 64) flips++;
  return flips;
}

export interface PairedT {
  p: number;
  /** Standard error of the mean difference. */
  se: number;
  n: number;
}

/** Paired t-test on per-case differences (head − base). Identical pairs give p = 1. */
export function pairedT(differences: readonly number[]): PairedT | undefined {
  const n = differences.length;
  if (n < 2) return undefined;
  const mean = differences.reduce((a, b) => a + b, 0) / n;
  const variance = differences.reduce((a, d) => a + (d - mean) ** 2, 0) / (n - 1);
  const se = Math.sqrt(variance / n);
  if (se === 0) return { p: mean === 0 ? 1 : 0, se, n };
  const t = Math.abs(mean) / se;
  return { p: Math.min(1, 2 * tCdf(-t, n - 1)), se, n };
}

/** Two-sided critical value of Student's t with `df` degrees of freedom. */
export const tCritical = (alpha: number, df: number): number => tQuantile(1 - alpha / 2, df);

/** Two-sided critical value of the standard normal. */
export const zCritical = (alpha: number): number => normalQuantile(1 - alpha / 2, 0, 1);

/**
 * z-test of a difference between two independent estimates with their standard errors (as lm-eval
 * and inspect report them). Ignoring that both ran on the same cases makes it conservative.
 */
export function zTest(delta: number, seBase: number, seHead: number): { p: number; se: number } | undefined {
  const se = Math.sqrt(seBase ** 2 + seHead ** 2);
  if (!Number.isFinite(se)) return undefined;
  if (se === 0) return { p: delta === 0 ? 1 : 0, se };
  return { p: Math.min(1, 2 * normalCdf(-Math.abs(delta) / se, 0, 1)), se };
}
