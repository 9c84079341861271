import type { MetricDiff, SuiteDiff } from "../evals/diff.js";

const CHART_BARS = 8;
const LABEL_CHARS = 28;

/**
 * Base vs head bars for key metrics between 0 and 1 (rates and scores): one chart for
 * higher-is-better metrics on a 0–1 axis, and one for lower-is-better ones on an axis scaled to
 * them, so a 0.4% toxicity rate does not vanish beside a 90% pass rate. Gating metrics first.
 * Horizontal, so labels have the width of the chart rather than of one bar.
 */
export function mermaidCharts(suites: readonly SuiteDiff[]): string[] {
  const comparable = suites.flatMap((s) => s.metrics.filter((m) => chartable(m) && inUnit(m.base as number) && inUnit(m.head as number)));
  const pick = (direction: "higher" | "lower") => {
    const own = comparable.filter((m) => m.direction === direction);
    return [...own.filter((m) => m.gating), ...own.filter((m) => !m.gating)].slice(0, CHART_BARS);
  };
  const many = suites.length > 1;
  const charts: string[] = [];
  const higher = pick("higher");
  if (higher.length) charts.push(chart("Higher is better: base (first bar) vs head (second bar)", higher, 1, many));
  const lower = pick("lower");
  if (lower.length) charts.push(chart("Lower is better: base (first bar) vs head (second bar)", lower, axisTop(lower), many));
  return charts;
}

function chart(title: string, metrics: readonly MetricDiff[], top: number, many: boolean): string {
  const values = (pick: (m: MetricDiff) => number) => metrics.map((m) => plain(pick(m))).join(", ");
  return [
    "```mermaid",
    "xychart-beta horizontal",
    `  title "${title}"`,
    `  x-axis [${metrics.map((m) => `"${label(m, many)}"`).join(", ")}]`,
    `  y-axis 0 --> ${plain(top)}`,
    `  bar [${values((m) => m.base as number)}]`,
    `  bar [${values((m) => m.head as number)}]`,
    "```",
  ].join("\n");
}

/** A round top a little above the largest value, so the largest bar does not touch the edge. */
function axisTop(metrics: readonly MetricDiff[]): number {
  const largest = Math.max(...metrics.flatMap((m) => [m.base as number, m.head as number]));
  if (largest <= 0) return 1;
  const target = largest * 1.2;
  const power = 10 ** Math.floor(Math.log10(target));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * power >= target) ?? 10;
  return Math.min(1, step * power);
}

/** Mermaid reads plain decimals only: no exponent, no grouping. */
const plain = (v: number) => {
  const text = v.toFixed(6).replace(/\.?0+$/, "");
  return text === "-0" ? "0" : text;
};

/** The metric's name (with its suite when there are several), cut in the middle so both ends stay readable. */
function label(m: MetricDiff, many: boolean): string {
  const chars = [...safe(many ? `${m.suite} ${m.metric}` : m.metric)];
  if (chars.length <= LABEL_CHARS) return chars.join("");
  const keep = LABEL_CHARS - 1;
  return `${chars.slice(0, Math.ceil(keep / 2)).join("")}…${chars.slice(chars.length - Math.floor(keep / 2)).join("")}`;
}

/** Inside the mermaid block only plain characters: a quote, backtick or line break would end the label or the block. */
const safe = (name: string) => name.replace(/[^\p{L}\p{N} ._:/%()+-]/gu, "_");

const inUnit = (v: number) => v >= 0 && v <= 1;
/** Rates and scores: not counts that happen to be 0 or 1, nor values with a unit (a cost of $0.0002). */
const chartable = (m: MetricDiff) => typeof m.base === "number" && typeof m.head === "number" && !m.info?.count && !m.info?.unit;
