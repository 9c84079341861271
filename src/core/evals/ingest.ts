import type { EvalsConfig } from "../../config/schema.js";
import { renderEvalComment, type EvalCommentData } from "../render/eval-comment.js";
import { diffEvals } from "./diff.js";
import { compileRules } from "./rules.js";
import { commitProblem, type RunResults } from "./run-results.js";
import { untrustedReason, type RunFacts, type RunTarget } from "./runs.js";
import { gateStateFromDiff, type EvalGateState } from "./state.js";

/** The baseline a run is compared with: the latest good run on the base branch, read like any run. */
export interface Baseline extends RunResults {
  label?: string;
  run?: { sha: string; url: string };
}

/** The baseline from the newest candidate run found on the branch (or why there is none). */
export function baselineOf(
  found: { run?: { head_sha: string; html_url: string }; skipped: number; results?: RunResults },
  input: { workflow: string; branch: string },
): Baseline {
  const { run, results } = found;
  if (!run || !results) {
    const why =
      found.skipped > 0
        ? `its ${found.skipped} latest successful push run(s) named ${input.branch} evaluated commits that are not on that branch (a tag named like it?)`
        : `${input.workflow} has no successful push run on ${input.branch}`;
    return { suites: [], problems: [`no baseline: ${why}, so nothing could be compared`] };
  }
  const unproven = commitProblem(results, run.head_sha, "the baseline run");
  return {
    ...results,
    problems: [...results.problems, ...(unproven ? [unproven] : [])].map((p) => `baseline: ${p}`),
    label: `the latest successful run on ${input.branch}`,
    run: { sha: run.head_sha, url: run.html_url },
  };
}

/** A dispatched run's numbers count only with its dispatch on record in the eval comment. */
export const dispatchOnRecord = (target: RunTarget, shown: EvalCommentData | undefined): boolean =>
  !target.dispatched || (shown?.dispatches.some((d) => d.sha === target.headSha) ?? false);

/** An older commit's results never replace those the comment already shows for the current head. */
export const supersededResults = (stale: boolean, shown: EvalCommentData | undefined, liveHeadSha: string): boolean =>
  stale && shown?.resultsSha === liveHeadSha;

/**
 * What a finished eval run says: its verdict for the commit it evaluated, the comment's results,
 * and the verdict the gate should take for the head (none for an older commit's results, or for a
 * partial run that could not judge everything: the head's earlier verdict stands).
 */
export function judgeEvalRun(input: {
  evals: EvalsConfig;
  run: RunFacts;
  target: RunTarget;
  liveHeadSha: string;
  onRecord: boolean;
  head: RunResults;
  baseline: Baseline;
  now: Date;
}): {
  state: EvalGateState;
  results: string;
  forHead?: EvalGateState;
  data: (data: EvalCommentData) => EvalCommentData;
} {
  const { run, target, head, baseline, evals } = input;
  const stale = input.liveHeadSha !== target.headSha;
  const problems = [...head.problems, ...baseline.problems];
  const unproven = commitProblem(head, target.headSha, "this run");
  if (unproven) problems.push(unproven);
  if (!target.trusted || !input.onRecord) problems.push(untrustedReason(run, target, input.onRecord));
  // Without head results there is nothing to compare: the problems say why, and the gate is not passed.
  const options = target.suites ? { onlySuites: target.suites } : {};
  const diff =
    head.suites.length > 0
      ? diffEvals(baseline.suites, head.suites, compileRules(evals.metrics), { ...options, alpha: evals.alpha })
      : undefined;
  const state = gateStateFromDiff(diff ?? { suites: [], regressions: [], problems: [] }, {
    headSha: target.headSha,
    problems,
    runUrl: run.html_url,
    now: input.now,
  });
  const results = renderEvalComment({
    headSha: target.headSha,
    runUrl: run.html_url,
    ...(baseline.label ? { baseline: baseline.label } : {}),
    ...(baseline.run ? { baselineRun: baseline.run } : {}),
    ...(diff ? { diff } : {}),
    problems,
    ...(stale ? { staleFor: input.liveHeadSha } : {}),
    ...(target.suites ? { partial: target.suites } : {}),
  });
  const counts = !stale && !(target.suites && state.status === "incomplete");
  return {
    state,
    results,
    ...(counts ? { forHead: state } : {}),
    data: (data) => ({
      ...data,
      resultsSha: target.headSha,
      dispatches: data.dispatches.map((d) => (d.sha === target.headSha ? { ...d, done: true } : d)),
    }),
  };
}
