import type { EvalDiff, MetricDiff, SuiteDiff } from "../evals/diff.js";
import { formatValue } from "../evals/state.js";
import * as z from "zod";
import { code, escapeText, truncate } from "./markdown.js";
import { embedData, extractData, markerOf } from "./sticky.js";

export interface EvalReport {
  headSha: string;
  /** Where the baseline came from, in words ("the latest successful run on main"), and its run. */
  baseline?: string;
  baselineRun?: { sha: string; url: string };
  runUrl?: string;
  diff?: EvalDiff;
  /** What is wrong with the inputs, each naming the file or artifact. */
  problems: readonly string[];
  /** The pull request's head has moved on since these results. */
  staleFor?: string;
  /** The suites a partial run (`/eval <suite>`) was asked for; other suites were not compared. */
  partial?: readonly string[];
}

const MAX_ROWS = 150;
const MAX_FLIPS = 50;
const CHART_BARS = 8;

/** The banner while an eval runs; the results below it stay until the new ones arrive. */
export function runningBanner(sha: string, runUrl?: string): string {
  return `⏳ An eval of ${code(sha.slice(0, 7))} is running${runUrl ? ` ([run](${runUrl}))` : ""}. Results below, if any, are from an earlier run.`;
}

/** The results part of the eval comment: source line, verdict, table per metric, flipped cases folded, a small chart. */
export function renderEvalComment(report: EvalReport): string {
  const short = report.headSha.slice(0, 7);
  const parts: string[] = ["### Squadgate eval diff"];
  if (report.staleFor) {
    parts.push(`⚠️ These results are for ${code(short)}, which is no longer the head of this pull request (${code(report.staleFor.slice(0, 7))}). They do not count for the current head.`);
  }
  const baselineRun = report.baselineRun ? ` ([${report.baselineRun.sha.slice(0, 7)}](${report.baselineRun.url}))` : "";
  const source = [
    `Head ${code(short)}`,
    report.runUrl ? `([run](${report.runUrl}))` : "",
    report.baseline ? `against ${escapeText(report.baseline)}${baselineRun}` : "",
  ]
    .filter(Boolean)
    .join(" ");
  parts.push(`${source}.`);
  if (report.partial?.length) {
    parts.push(`Partial run: only ${report.partial.map((s) => code(s)).join(", ")} ${report.partial.length === 1 ? "was" : "were"} asked for, so other suites were not compared.`);
  }
  const diff = report.diff;
  const problems = [...report.problems, ...(diff?.problems ?? [])];
  if (problems.length > 0) parts.push(["**Could not compare everything:**", ...problems.map((p) => `- ❌ ${escapeText(p)}`)].join("\n"));
  if (diff) {
    parts.push(verdictLine(diff));
    parts.push(metricTable(diff.suites));
    const flips = flipDetails(diff.suites);
    if (flips) parts.push(flips);
    const chart = mermaidChart(diff.suites);
    if (chart) parts.push(chart);
  }
  return truncate(parts.join("\n\n"), 60_000);
}

function verdictLine(diff: EvalDiff): string {
  if (diff.regressions.length === 0) return "✅ No gating metric regressed past its allowance.";
  const list = diff.regressions.map((m) => `${code(`${m.suite} · ${m.metric}`)} (${m.allowance ?? "gating"})`).join(", ");
  return `❌ ${diff.regressions.length} gating regression${diff.regressions.length === 1 ? "" : "s"}: ${list}. The Squadgate check fails until this is fixed or someone allowed to waive evals does so.`;
}

const ICON: Record<MetricDiff["verdict"], string> = { better: "🟢 better", worse: "🔻 worse", same: "=", changed: "changed", new: "new", removed: "removed", invalid: "❌ not a number" };

function metricTable(suites: readonly SuiteDiff[]): string {
  const rows = suites.flatMap((s) =>
    s.metrics.map((m) => {
      const change = m.delta === undefined || m.verdict === "same" ? "" : `${signed(m.delta)}${m.relative !== undefined ? ` (${percent(m.relative)})` : ""}`;
      const gate = m.gating ? (m.regression ? ` · ❌ ${m.allowance}` : ` · gating`) : "";
      return `| ${escapeText(s.suite)}${s.presence === "both" ? "" : ` (${s.presence})`} | ${code(m.metric)} | ${formatValue(m.base)} | ${formatValue(m.head)} | ${change} | ${ICON[m.verdict]}${gate} |`;
    }),
  );
  const shown = rows.slice(0, MAX_ROWS);
  const more = rows.length > MAX_ROWS ? `\n\n${rows.length - MAX_ROWS} more metrics not shown.` : "";
  return ["| Suite | Metric | Base | Head | Change | |", "|---|---|---|---|---|---|", ...shown].join("\n") + more;
}

function flipDetails(suites: readonly SuiteDiff[]): string | undefined {
  const toFail = suites.flatMap((s) => s.toFail.map((c) => `${s.suite}: ${c}`));
  const toPass = suites.flatMap((s) => s.toPass.map((c) => `${s.suite}: ${c}`));
  if (toFail.length + toPass.length === 0) return undefined;
  const section = (title: string, cases: string[]) =>
    cases.length ? [`**${title} (${cases.length})**`, ...cases.slice(0, MAX_FLIPS).map((c) => `- ${escapeText(c)}`), ...(cases.length > MAX_FLIPS ? [`- … and ${cases.length - MAX_FLIPS} more`] : [])] : [];
  return [
    `<details><summary>${toFail.length + toPass.length} test case${toFail.length + toPass.length === 1 ? "" : "s"} flipped (${toFail.length} now failing, ${toPass.length} now passing)</summary>`,
    "",
    ...section("Passed on base, fail on head", toFail),
    ...(toFail.length && toPass.length ? [""] : []),
    ...section("Failed on base, pass on head", toPass),
    "",
    "</details>",
  ].join("\n");
}

/** Base vs head bars for the key metrics: gating ones first, then higher-is-better rates and scores between 0 and 1. */
function mermaidChart(suites: readonly SuiteDiff[]): string | undefined {
  const comparable = suites.flatMap((s) => s.metrics.filter((m) => typeof m.base === "number" && typeof m.head === "number" && inUnit(m.base) && inUnit(m.head)));
  const key = [...comparable.filter((m) => m.gating), ...comparable.filter((m) => !m.gating && m.direction === "higher")].slice(0, CHART_BARS);
  if (key.length === 0) return undefined;
  const label = (m: MetricDiff) => `"${(suites.length > 1 ? `${m.suite} ${m.metric}` : m.metric).replace(/["\\\n]/g, "").slice(0, 40)}"`;
  const values = (pick: (m: MetricDiff) => number) => key.map((m) => Number(pick(m).toFixed(4))).join(", ");
  return [
    "```mermaid",
    "xychart-beta",
    '  title "Key metrics: base (first bar) vs head (second bar)"',
    `  x-axis [${key.map(label).join(", ")}]`,
    "  y-axis 0 --> 1",
    `  bar [${values((m) => m.base as number)}]`,
    `  bar [${values((m) => m.head as number)}]`,
    "```",
  ].join("\n");
}

const inUnit = (v: number) => v >= 0 && v <= 1;
const sign = (v: number) => (v < 0 ? "−" : "+");
const signed = (v: number) => `${sign(v)}${Number.isInteger(v) ? Math.abs(v) : Math.abs(v).toPrecision(4).replace(/\.?0+$/, "")}`;
const percent = (ratio: number) => `${sign(ratio)}${Math.abs(ratio * 100).toFixed(1)}%`;

/**
 * What the eval comment remembers between events: recent `/eval` dispatches, for the cooldown and
 * one run per commit, and which commit the results shown are for, so older ones never replace them.
 */
export const evalCommentDataSchema = z.strictObject({
  version: z.literal(1),
  resultsSha: z.string().regex(/^[0-9a-f]{40}$/).optional(),
  dispatches: z
    .array(z.strictObject({ sha: z.string().regex(/^[0-9a-f]{40}$/), at: z.iso.datetime(), by: z.string().max(60), done: z.boolean().default(false) }))
    .max(20),
});
export type EvalCommentData = z.output<typeof evalCommentDataSchema>;
export const EMPTY_EVAL_DATA: EvalCommentData = { version: 1, dispatches: [] };

const RESULTS_MARK = "<!-- sg:results -->";

/** The comment: a status banner (running, queued), then the latest results, then the data. */
export function composeEvalComment(input: { banner?: string; results?: string; data: EvalCommentData }): string {
  return [input.banner ?? "", RESULTS_MARK, input.results ?? "", embedData(input.data)].join("\n\n");
}

/** The parts of an earlier eval comment, so a new banner keeps the results and the reverse. */
export function splitEvalComment(body: string | undefined): { banner?: string; results?: string; data: EvalCommentData } {
  if (!body) return { data: EMPTY_EVAL_DATA };
  const parsed = evalCommentDataSchema.safeParse(extractData(body));
  const data = parsed.success ? parsed.data : EMPTY_EVAL_DATA;
  const start = body.indexOf(RESULTS_MARK);
  const end = body.lastIndexOf("<!-- squadgate:data ");
  const results = start >= 0 ? body.slice(start + RESULTS_MARK.length, end > start ? end : undefined).trim() : "";
  const banner = start >= 0 ? body.slice(0, start).replace(markerOf("eval"), "").trim() : "";
  return { ...(banner ? { banner } : {}), ...(results ? { results } : {}), data };
}
