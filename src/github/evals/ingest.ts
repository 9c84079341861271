import type { ConfigResult } from "../../config/validate-config.js";
import { diffEvals } from "../../core/evals/diff.js";
import { compileRules } from "../../core/evals/rules.js";
import { gateStateFromDiff, type EvalGateState } from "../../core/evals/state.js";
import { renderEvalComment, runningBanner } from "../../core/render/eval-comment.js";
import { runGate, type GateInput } from "../gate.js";
import { fetchPullRequest, pullInfo } from "../pull-request.js";
import { gitHubRepoReader } from "../repo-reader.js";
import type { Octokit, RepoRef } from "../types.js";
import {
  commitProblem,
  latestBaselineRun,
  readRunResults,
  type OnBranchCache,
  type ResultsCache,
} from "./artifacts.js";
import { untrustedReason, type RunFacts } from "../../core/evals/runs.js";
import { pullRequestsForRun, type AttributedRun } from "./attribution.js";
import { readEvalComment, writeEvalComment } from "./eval-comment.js";

export interface IngestDeps {
  gate: Omit<GateInput, "pull" | "baseRef" | "headSha">;
  results: ResultsCache;
  onBranch: OnBranchCache;
  now: () => Date;
}

export type EvalRunOutcome = { target: AttributedRun; state?: EvalGateState; stale: boolean };

export { pullRequestsForRun };

/**
 * A run of the eval workflow changed state, for one pull request it evaluated. Running: say so.
 * Completed: read its results and the baseline's, post the diff, and let the gate judge it.
 */
export async function ingestEvalRun(
  octokit: Octokit,
  input: {
    repo: RepoRef;
    run: RunFacts;
    target: AttributedRun;
    completed: boolean;
    deps: IngestDeps;
    configAt?: { ref: string; result: ConfigResult };
  },
): Promise<EvalRunOutcome | undefined> {
  const { repo, run, target, deps } = input;
  const pull = { ...repo, pull_number: target.number };
  const loaded =
    input.configAt?.ref === target.baseRef
      ? input.configAt.result
      : await gitHubRepoReader(octokit, repo).loadConfig(target.baseRef);
  const evals = loaded.config?.evals;
  if (!evals?.workflow) return undefined;
  const pr = target.pr ?? (await fetchPullRequest(octokit, pull));
  const stale = pr.head.sha !== target.headSha;
  const commentTarget = { pull, botLogin: deps.gate.botLogin };
  if (!input.completed) {
    if (!stale) await writeEvalComment(octokit, commentTarget, { banner: runningBanner(target.headSha, run.html_url) });
    return { target, stale };
  }
  // An older commit's results never replace the current head's: then there is nothing to do. A
  // dispatched run's numbers count only with its dispatch on record, so the comment is read first.
  const shown = stale || target.dispatched ? await readEvalComment(octokit, commentTarget) : undefined;
  if (stale && shown?.data.resultsSha === pr.head.sha) return { target, stale };
  const onRecord = !target.dispatched || (shown?.data.dispatches.some((d) => d.sha === target.headSha) ?? false);
  const [head, baseline] = await Promise.all([
    readRunResults(octokit, {
      repo,
      runId: run.id,
      artifact: evals.artifact,
      maxBytes: evals.max_artifact_mb * 1024 * 1024,
      cache: deps.results,
    }),
    baselineResults(octokit, {
      repo,
      workflow: evals.workflow,
      branch: target.baseRef,
      artifact: evals.artifact,
      maxBytes: evals.max_artifact_mb * 1024 * 1024,
      cache: deps.results,
      onBranch: deps.onBranch,
    }),
  ]);
  const problems = [...head.problems, ...baseline.problems];
  const unproven = commitProblem(head, target.headSha, "this run");
  if (unproven) problems.push(unproven);
  if (!target.trusted || !onRecord) problems.push(untrustedReason(run, target, onRecord));
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
    now: deps.now(),
  });
  const results = renderEvalComment({
    headSha: target.headSha,
    runUrl: run.html_url,
    ...(baseline.label ? { baseline: baseline.label } : {}),
    ...(baseline.run ? { baselineRun: baseline.run } : {}),
    ...(diff ? { diff } : {}),
    problems,
    ...(stale ? { staleFor: pr.head.sha } : {}),
    ...(target.suites ? { partial: target.suites } : {}),
  });
  const comments = await writeEvalComment(
    octokit,
    { ...commentTarget, ...(shown ? { comments: shown.comments } : {}) },
    {
      results,
      // The running banner belongs to the current head; stale results leave it in place.
      keepBanner: stale,
      data: (data) => ({
        ...data,
        resultsSha: target.headSha,
        dispatches: data.dispatches.map((d) => (d.sha === target.headSha ? { ...d, done: true } : d)),
      }),
    },
  );
  // Results for an older commit are shown, never counted for the current head. A partial run that
  // could not judge everything leaves the head's verdict (from an earlier full run, say) as it was.
  if (!stale) {
    const sameBase = pr.base.ref === target.baseRef ? { prefetchedConfig: loaded } : {};
    const verdict = target.suites && state.status === "incomplete" ? {} : { evalState: state };
    await runGate(octokit, {
      ...deps.gate,
      pull,
      baseRef: pr.base.ref,
      headSha: pr.head.sha,
      ...verdict,
      prefetched: pullInfo(pr),
      prefetchedComments: comments,
      ...sameBase,
    });
  }
  return { target, state, stale };
}

async function baselineResults(
  octokit: Octokit,
  input: {
    repo: RepoRef;
    workflow: string;
    branch: string;
    artifact: string;
    maxBytes: number;
    cache: ResultsCache;
    onBranch: OnBranchCache;
  },
): Promise<{
  suites: Awaited<ReturnType<typeof readRunResults>>["suites"];
  problems: string[];
  label?: string;
  run?: { sha: string; url: string };
}> {
  const { run, skipped } = await latestBaselineRun(octokit, input);
  if (!run) {
    const why =
      skipped > 0
        ? `its ${skipped} latest successful push run(s) named ${input.branch} evaluated commits that are not on that branch (a tag named like it?)`
        : `${input.workflow} has no successful push run on ${input.branch}`;
    return { suites: [], problems: [`no baseline: ${why}, so nothing could be compared`] };
  }
  const results = await readRunResults(octokit, { ...input, runId: run.id });
  const unproven = commitProblem(results, run.head_sha, "the baseline run");
  return {
    ...results,
    problems: [...results.problems, ...(unproven ? [unproven] : [])].map((p) => `baseline: ${p}`),
    label: `the latest successful run on ${input.branch}`,
    run: { sha: run.head_sha, url: run.html_url },
  };
}
