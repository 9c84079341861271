import { DEFAULT_ALPHA, type EvalDiff } from "../evals/diff.js";
import { BUDGETS, fitLines, fitSections } from "./budget.js";
import { flipDetails, scoreDrops } from "./eval-cases.js";
import { mermaidCharts } from "./eval-chart.js";
import { MAX_NAME_SHOWN, metricTable, noiseLegend } from "./eval-table.js";
import { clip, code, escapeText, link } from "./markdown.js";
import { EMPTY_EVAL_DATA, type EvalCommentData } from "../evals/comment-data.js";
import { EVAL_COMMENT_DATA } from "../state/channels.js";
import { valueOr } from "../state/hidden-state.js";
import { markerOf } from "./sticky.js";

export { EMPTY_EVAL_DATA, type EvalCommentData } from "../evals/comment-data.js";

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

/** The banner while an eval runs; the results below it stay until the new ones arrive. */
export function runningBanner(sha: string, runUrl?: string): string {
  return `⏳ An eval of ${code(sha.slice(0, 7))} is running${runUrl ? ` (${link("run", runUrl)})` : ""}. Results below, if any, are from an earlier run.`;
}

/**
 * The results part of the eval comment: source line, what could not be compared, verdict,
 * warnings, the table per metric with its noise column, notes on sample size, flipped cases and
 * score drops folded, and charts. Each part is cut to fit the budget in that order of importance,
 * with "and N more"; the run's artifact holds every result.
 */
export function renderEvalComment(report: EvalReport, budget: number = BUDGETS.evalResults): string {
  const sections: ((budget: number) => string)[] = [() => header(report)];
  const diff = report.diff;
  const problems = [...report.problems, ...(diff?.problems ?? [])];
  if (problems.length > 0) {
    const lines = [
      "**Could not compare everything:**",
      ...problems.map((p) => `- ❌ ${escapeText(clip(p, MAX_NAME_SHOWN * 4))}`),
    ];
    // However many there are, they leave room for the verdict and the table after them.
    sections.push((room) =>
      fitLines(lines, Math.min(room, Math.floor(budget / 4)), (n) => `- … and ${n} more problems`),
    );
  }
  if (diff) {
    const alpha = diff.alpha ?? DEFAULT_ALPHA;
    sections.push((room) => verdictLine(diff, room));
    if (diff.warnings?.length)
      sections.push((room) =>
        bulleted("**Warnings:**", diff.warnings ?? [], "⚠️", Math.min(room, Math.floor(budget / 8))),
      );
    sections.push((room) => metricTable(diff.suites, alpha, room));
    if (diff.suites.some((s) => s.metrics.some((m) => m.stats?.test))) sections.push(() => noiseLegend(alpha));
    if (diff.notes?.length)
      sections.push((room) =>
        bulleted("**Too small to tell from noise:**", diff.notes ?? [], "📏", Math.min(room, Math.floor(budget / 8))),
      );
    if (diff.suites.some((s) => s.toFail.length + s.toPass.length > 0))
      sections.push((room) => flipDetails(diff.suites, room));
    if (diff.suites.some((s) => s.drops?.length)) sections.push((room) => scoreDrops(diff.suites, room));
    for (const chart of mermaidCharts(diff.suites)) sections.push(() => chart);
  }
  return fitSections(sections, budget);
}

function header(report: EvalReport): string {
  const short = report.headSha.slice(0, 7);
  const parts: string[] = ["### Squadgate eval diff"];
  if (report.staleFor) {
    parts.push(
      `⚠️ These results are for ${code(short)}, which is no longer the head of this pull request (${code(report.staleFor.slice(0, 7))}). They do not count for the current head.`,
    );
  }
  const baselineRun = report.baselineRun
    ? ` (${link(report.baselineRun.sha.slice(0, 7), report.baselineRun.url)})`
    : "";
  const source = [
    `Head ${code(short)}`,
    report.runUrl ? `(${link("run", report.runUrl)})` : "",
    report.baseline ? `against ${escapeText(report.baseline)}${baselineRun}` : "",
  ]
    .filter(Boolean)
    .join(" ");
  parts.push(`${source}.`);
  if (report.partial?.length) {
    parts.push(
      `Partial run: only ${report.partial.map((s) => code(s)).join(", ")} ${report.partial.length === 1 ? "was" : "were"} asked for, so other suites were not compared.`,
    );
  }
  return parts.join("\n\n");
}

function bulleted(title: string, items: readonly string[], icon: string, budget: number): string {
  return fitLines(
    [title, ...items.map((item) => `- ${icon} ${escapeText(clip(item, MAX_NAME_SHOWN * 4))}`)],
    budget,
    (n) => `- … and ${n} more`,
  );
}

const metricName = (suite: string, metric: string) => code(clip(`${suite} · ${metric}`, MAX_NAME_SHOWN));

/**
 * The verdict, naming as many regressions as fit; it always says how many there are. Its wording
 * holds whatever happens next (a waiver included), since the comment is not rewritten then.
 */
function verdictLine(diff: EvalDiff, budget: number): string {
  if (diff.regressions.length === 0) return "✅ No gating metric regressed past its allowance.";
  const count = diff.regressions.length;
  const head = `❌ ${count} gating regression${count === 1 ? "" : "s"}: `;
  const tail =
    ". Until this is fixed, the Squadgate check holds the pull request unless someone allowed to waive evals does so (`/waive evals <reason>`); the check shows whether a waiver is in place.";
  const names = diff.regressions
    .slice(0, MAX_VERDICT_NAMES)
    .map((m) => `${metricName(m.suite, m.metric)} (${escapeText(m.allowance ?? "gating")})`);
  const hidden = (shown: number) => (count > shown ? ` and ${count - shown} more` : "");
  for (let shown = names.length; shown >= 0; shown--) {
    const line = `${head}${names.slice(0, shown).join(", ")}${hidden(shown)}${tail}`;
    if (Buffer.byteLength(line, "utf8") <= budget || shown === 0) return line;
  }
  return "";
}

const MAX_VERDICT_NAMES = 20;

const RESULTS_MARK = "<!-- sg:results -->";

/** The comment: a status banner (running, queued), then the latest results, then the data. */
export function composeEvalComment(input: { banner?: string; results?: string; data: EvalCommentData }): string {
  return [input.banner ?? "", RESULTS_MARK, input.results ?? "", EVAL_COMMENT_DATA.write(input.data)].join("\n\n");
}

/** The parts of an earlier eval comment, so a new banner keeps the results and the reverse. */
export function splitEvalComment(body: string | undefined): {
  banner?: string;
  results?: string;
  data: EvalCommentData;
} {
  if (!body) return { data: EMPTY_EVAL_DATA };
  const data = valueOr(EVAL_COMMENT_DATA.read(body), EMPTY_EVAL_DATA);
  const start = body.indexOf(RESULTS_MARK);
  const end = body.lastIndexOf("<!-- squadgate:data ");
  const results = start >= 0 ? body.slice(start + RESULTS_MARK.length, end > start ? end : undefined).trim() : "";
  const banner = start >= 0 ? body.slice(0, start).replace(markerOf("eval"), "").trim() : "";
  return { ...(banner ? { banner } : {}), ...(results ? { results } : {}), data };
}
