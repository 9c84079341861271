import type { MetricDiff, SuiteDiff } from "../evals/diff.js";
import { clip, code, escapeText } from "./markdown.js";

const CHART_BARS = 8;
const LABEL_CHARS = 28;

/**
 * Base vs head bars for key metrics between 0 and 1 (rates and scores): one chart for
 * higher-is-better metrics on a 0–1 axis, and one for lower-is-better ones on an axis scaled to
 * them, so a 0.4% toxicity rate does not vanish beside a 90% pass rate. Gating metrics first.
 * Horizontal, so labels have the width of the chart rather than of one bar.
 */
export function mermaidCharts(suites: readonly SuiteDiff[]): string[] {
  const comparable = suites.flatMap((s) =>
    s.metrics.filter((m) => chartable(m) && inUnit(m.base as number) && inUnit(m.head as number)),
  );
  const pick = (direction: "higher" | "lower") => {
    const own = comparable.filter((m) => m.direction === direction);
    return [...own.filter((m) => m.gating), ...own.filter((m) => !m.gating)].slice(0, CHART_BARS);
  };
  const higher = pick("higher");
  const lower = pick("lower");
  const groups = legendOf([...higher, ...lower], suites.length > 1);
  const charts: string[] = [];
  if (higher.length) charts.push(chart("Higher is better: base (first bar) vs head (second bar)", higher, 1, groups));
  if (lower.length)
    charts.push(chart("Lower is better: base (first bar) vs head (second bar)", lower, axisTop(lower), groups));
  return charts;
}

type Groups = Map<string, { key: string; suite?: string; column?: string }>;
const groupOf = (m: MetricDiff, many: boolean) => JSON.stringify([many ? m.suite : "", m.info?.column ?? ""]);

/**
 * Long prompt × provider and suite names do not fit under a bar, and cut short they all look
 * alike; each is given a letter instead, which a line under the chart spells out.
 */
function legendOf(metrics: readonly MetricDiff[], many: boolean): Groups {
  const groups: Groups = new Map();
  for (const m of metrics) {
    const id = groupOf(m, many);
    if (groups.has(id) || (!many && m.info?.column === undefined)) continue;
    groups.set(id, {
      key: String.fromCharCode(65 + groups.size),
      ...(many ? { suite: m.suite } : {}),
      ...(m.info?.column !== undefined ? { column: m.info.column } : {}),
    });
  }
  return groups;
}

function chart(title: string, metrics: readonly MetricDiff[], top: number, groups: Groups): string {
  const values = (pick: (m: MetricDiff) => number) => metrics.map((m) => plain(pick(m))).join(", ");
  const many = [...groups.values()].some((g) => g.suite !== undefined);
  const used = [...new Set(metrics.map((m) => groups.get(groupOf(m, many))).filter((g) => g !== undefined))];
  const legend = used.map(
    (g) =>
      `${g.key} = ${[g.suite !== undefined ? escapeText(clip(g.suite, 200)) : "", g.column !== undefined ? code(clip(g.column, 200)) : ""].filter(Boolean).join(" · ")}`,
  );
  const block = [
    "```mermaid",
    "xychart-beta horizontal",
    `  title "${title}"`,
    `  x-axis [${metrics.map((m) => `"${label(m, groups.get(groupOf(m, many))?.key)}"`).join(", ")}]`,
    `  y-axis 0 --> ${plain(top)}`,
    `  bar [${values((m) => m.base as number)}]`,
    `  bar [${values((m) => m.head as number)}]`,
    "```",
  ].join("\n");
  return legend.length ? `${block}\n\n${legend.join("; ")}` : block;
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

/** The metric's own name after its group's letter, cut in the middle so both ends stay readable. */
function label(m: MetricDiff, key: string | undefined): string {
  const name = m.info?.name ?? m.metric;
  // Mermaid refuses an empty label (a real metric key may well be "").
  const chars = [...safe(key ? `${key}: ${name}` : name.trim() === "" ? "(no name)" : name)];
  if (chars.length <= LABEL_CHARS) return chars.join("");
  const keep = LABEL_CHARS - 1;
  return `${chars.slice(0, Math.ceil(keep / 2)).join("")}…${chars.slice(chars.length - Math.floor(keep / 2)).join("")}`;
}

/** Inside the mermaid block only plain characters: a quote, backtick or line break would end the label or the block. */
const safe = (name: string) => name.replace(/[^\p{L}\p{N} ._:/%()+-]/gu, "_");

const inUnit = (v: number) => v >= 0 && v <= 1;
/** Rates and scores: not counts that happen to be 0 or 1, nor values with a unit (a cost of $0.0002). */
const chartable = (m: MetricDiff) =>
  typeof m.base === "number" && typeof m.head === "number" && !m.info?.count && !m.info?.unit;
