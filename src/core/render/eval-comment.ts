import type { EvalDiff, MetricDiff, SuiteDiff } from "../evals/diff.js";
import { formatValue } from "../evals/state.js";
import * as z from "zod";
import { BUDGETS, fitLines, fitSections, fitTable } from "./budget.js";
import { clip, code, escapeText, link } from "./markdown.js";
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
  return `⏳ An eval of ${code(sha.slice(0, 7))} is running${runUrl ? ` (${link("run", runUrl)})` : ""}. Results below, if any, are from an earlier run.`;
}

/**
 * The results part of the eval comment: source line, what could not be compared, verdict, table per
 * metric, flipped cases folded, a small chart. Each part is cut to fit the budget in that order of
 * importance, with "and N more"; the run's artifact holds every result.
 */
export function renderEvalComment(report: EvalReport, budget: number = BUDGETS.evalResults): string {
  const short = report.headSha.slice(0, 7);
  const parts: string[] = ["### Squadgate eval diff"];
  if (report.staleFor) {
    parts.push(`⚠️ These results are for ${code(short)}, which is no longer the head of this pull request (${code(report.staleFor.slice(0, 7))}). They do not count for the current head.`);
  }
  const baselineRun = report.baselineRun ? ` (${link(report.baselineRun.sha.slice(0, 7), report.baselineRun.url)})` : "";
  const source = [
    `Head ${code(short)}`,
    report.runUrl ? `(${link("run", report.runUrl)})` : "",
    report.baseline ? `against ${escapeText(report.baseline)}${baselineRun}` : "",
  ]
    .filter(Boolean)
    .join(" ");
  parts.push(`${source}.`);
  if (report.partial?.length) {
    parts.push(`Partial run: only ${report.partial.map((s) => code(s)).join(", ")} ${report.partial.length === 1 ? "was" : "were"} asked for, so other suites were not compared.`);
  }
  const sections: ((budget: number) => string)[] = [() => parts.join("\n\n")];
  const diff = report.diff;
  const problems = [...report.problems, ...(diff?.problems ?? [])];
  if (problems.length > 0) {
    const lines = ["**Could not compare everything:**", ...problems.map((p) => `- ❌ ${escapeText(clip(p, MAX_NAME_SHOWN * 4))}`)];
    // However many there are, they leave room for the verdict and the table after them.
    sections.push((room) => fitLines(lines, Math.min(room, Math.floor(budget / 4)), (n) => `- … and ${n} more problems`));
  }
  if (diff) {
    sections.push((room) => verdictLine(diff, room));
    sections.push((room) => metricTable(diff.suites, room));
    if (diff.suites.some((s) => s.toFail.length + s.toPass.length > 0)) sections.push((room) => flipDetails(diff.suites, room));
    const chart = mermaidChart(diff.suites);
    if (chart) sections.push(() => chart);
  }
  return fitSections(sections, budget);
}

/** Metric, suite and case names are the eval's own; past this length they are cut in the middle. */
const MAX_NAME_SHOWN = 200;
const metricName = (suite: string, metric: string) => code(clip(`${suite} · ${metric}`, MAX_NAME_SHOWN));

/** The verdict, naming as many regressions as fit; it always says how many there are. */
function verdictLine(diff: EvalDiff, budget: number): string {
  if (diff.regressions.length === 0) return "✅ No gating metric regressed past its allowance.";
  const count = diff.regressions.length;
  const head = `❌ ${count} gating regression${count === 1 ? "" : "s"}: `;
  const tail = ". The Squadgate check fails until this is fixed or someone allowed to waive evals does so.";
  const names = diff.regressions.slice(0, MAX_VERDICT_NAMES).map((m) => `${metricName(m.suite, m.metric)} (${m.allowance ?? "gating"})`);
  const hidden = (shown: number) => (count > shown ? ` and ${count - shown} more` : "");
  for (let shown = names.length; shown >= 0; shown--) {
    const line = `${head}${names.slice(0, shown).join(", ")}${hidden(shown)}${tail}`;
    if (Buffer.byteLength(line, "utf8") <= budget || shown === 0) return line;
  }
  return "";
}

const MAX_VERDICT_NAMES = 20;

const ICON: Record<MetricDiff["verdict"], string> = { better: "🟢 better", worse: "🔻 worse", same: "=", changed: "changed", new: "new", removed: "removed", invalid: "❌ not a number" };

/** One row per metric, regressions first so a cut table still shows them. */
function metricTable(suites: readonly SuiteDiff[], budget: number): string {
  const metrics = suites.flatMap((s) => s.metrics.map((m) => ({ s, m })));
  const ordered = [...metrics.filter(({ m }) => m.regression), ...metrics.filter(({ m }) => !m.regression)];
  const rows = ordered.map(({ s, m }) => {
    const change = m.delta === undefined || m.verdict === "same" ? "" : `${signed(m.delta)}${m.relative !== undefined ? ` (${percent(m.relative)})` : ""}`;
    const gate = m.gating ? (m.regression ? ` · ❌ ${m.allowance}` : ` · gating`) : "";
    const suite = `${escapeText(clip(s.suite, MAX_NAME_SHOWN))}${s.presence === "both" ? "" : ` (${s.presence})`}`;
    return `| ${suite} | ${code(clip(m.metric, MAX_NAME_SHOWN))} | ${formatValue(m.base)} | ${formatValue(m.head)} | ${change} | ${ICON[m.verdict]}${gate} |`;
  });
  const header = ["| Suite | Metric | Base | Head | Change | |", "|---|---|---|---|---|---|"];
  return fitTable(header, rows, budget, (n) => `${n} more metrics not shown; the run's artifact has every result.`, MAX_ROWS);
}

/** Cases that passed on base and fail on head, and the reverse, folded; as many as fit, each list capped. */
function flipDetails(suites: readonly SuiteDiff[], budget: number): string {
  const toFail = suites.flatMap((s) => s.toFail.map((c) => `${s.suite}: ${c}`));
  const toPass = suites.flatMap((s) => s.toPass.map((c) => `${s.suite}: ${c}`));
  const open = `<details><summary>${toFail.length + toPass.length} test case${toFail.length + toPass.length === 1 ? "" : "s"} flipped (${toFail.length} now failing, ${toPass.length} now passing)</summary>`;
  const close = "</details>";
  const room = budget - open.length - close.length - 8;
  const section = (title: string, cases: string[], share: number) => {
    if (cases.length === 0) return "";
    const heading = `**${title} (${cases.length})**`;
    const items = cases.map((c) => `- ${escapeText(clip(c, MAX_NAME_SHOWN * 2))}`);
    const body = fitLines(items, share - heading.length - 1, (n) => `- … and ${n} more`, MAX_FLIPS);
    return body ? `${heading}\n${body}` : "";
  };
  // Newly failing cases matter more: they get their share first, the rest goes to newly passing ones.
  const failing = section("Passed on base, fail on head", toFail, toPass.length ? Math.floor(room * 0.7) : room);
  const passing = section("Failed on base, pass on head", toPass, room - Buffer.byteLength(failing, "utf8") - 2);
  const body = [failing, passing].filter(Boolean).join("\n\n");
  return body ? [open, "", body, "", close].join("\n") : "";
}

/** Base vs head bars for the key metrics: gating ones first, then higher-is-better rates and scores between 0 and 1. */
function mermaidChart(suites: readonly SuiteDiff[]): string | undefined {
  const comparable = suites.flatMap((s) => s.metrics.filter((m) => typeof m.base === "number" && typeof m.head === "number" && inUnit(m.base) && inUnit(m.head)));
  const key = [...comparable.filter((m) => m.gating), ...comparable.filter((m) => !m.gating && m.direction === "higher")].slice(0, CHART_BARS);
  if (key.length === 0) return undefined;
  const label = (m: MetricDiff) => `"${chartLabel(suites.length > 1 ? `${m.suite} ${m.metric}` : m.metric)}"`;
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

/** Inside the mermaid block only plain characters: a quote, backtick or line break would end the label or the block. */
const chartLabel = (name: string) => [...name.replace(/[^\p{L}\p{N} ._:/%()+-]/gu, "_")].slice(0, 40).join("");

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
