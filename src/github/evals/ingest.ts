import type { ConfigResult } from "../../config/validate-config.js";
import {
  baselineOf,
  dispatchOnRecord,
  judgeEvalRun,
  supersededResults,
  type Baseline,
} from "../../core/evals/ingest.js";
import type { RunFacts } from "../../core/evals/runs.js";
import type { EvalGateState } from "../../core/evals/state.js";
import { runningBanner } from "../../core/render/eval-comment.js";
import { runGate, type GateInput } from "../gate.js";
import { fetchPullRequest, pullInfo } from "../pull-request.js";
import { gitHubRepoReader } from "../repo-reader.js";
import type { Octokit, RepoRef } from "../types.js";
import { latestBaselineRun, readRunResults, type OnBranchCache, type ResultsCache } from "./artifacts.js";
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

type IngestInput = {
  repo: RepoRef;
  run: RunFacts;
  target: AttributedRun;
  completed: boolean;
  deps: IngestDeps;
  configAt?: { ref: string; result: ConfigResult };
};

/**
 * A run of the eval workflow changed state, for one pull request it evaluated. Running: say so.
 * Completed: read its results and the baseline's, post the diff, and let the gate judge it.
 */
export async function ingestEvalRun(octokit: Octokit, input: IngestInput): Promise<EvalRunOutcome | undefined> {
  const { repo, run, target, deps } = input;
  const pull = { ...repo, pull_number: target.number };
  const loaded =
    input.configAt?.ref === target.baseRef
      ? input.configAt.result
      : await gitHubRepoReader(octokit, repo, deps.gate.caches).loadConfig(target.baseRef);
  const evals = loaded.config?.evals;
  if (!evals?.workflow) return undefined;
  const pr = target.pr ?? (await fetchPullRequest(octokit, pull));
  const stale = pr.head.sha !== target.headSha;
  const commentTarget = { pull, botLogin: deps.gate.botLogin };
  if (!input.completed) {
    if (!stale) await writeEvalComment(octokit, commentTarget, { banner: runningBanner(target.headSha, run.html_url) });
    return { target, stale };
  }
  // A dispatched run's numbers count only with its dispatch on record, so the comment is read first.
  const shown = stale || target.dispatched ? await readEvalComment(octokit, commentTarget) : undefined;
  if (supersededResults(stale, shown?.data, pr.head.sha)) return { target, stale };
  const artifact = {
    repo,
    artifact: evals.artifact,
    maxBytes: evals.max_artifact_mb * 1024 * 1024,
    cache: deps.results,
  };
  const [head, baseline] = await Promise.all([
    readRunResults(octokit, { ...artifact, runId: run.id }),
    readBaseline(octokit, { ...artifact, workflow: evals.workflow, branch: target.baseRef, onBranch: deps.onBranch }),
  ]);
  const judged = judgeEvalRun({
    evals,
    run,
    target,
    liveHeadSha: pr.head.sha,
    onRecord: dispatchOnRecord(target, shown?.data),
    head,
    baseline,
    now: deps.now(),
  });
  const comments = await writeEvalComment(
    octokit,
    { ...commentTarget, ...(shown ? { comments: shown.comments } : {}) },
    // The running banner belongs to the current head; stale results leave it in place.
    { results: judged.results, keepBanner: stale, data: judged.data },
  );
  // Results for an older commit are shown, never counted for the current head.
  if (!stale) {
    await runGate(octokit, {
      ...deps.gate,
      pull,
      baseRef: pr.base.ref,
      headSha: pr.head.sha,
      ...(judged.forHead ? { evalState: judged.forHead } : {}),
      prefetched: pullInfo(pr),
      prefetchedComments: comments,
      ...(pr.base.ref === target.baseRef ? { prefetchedConfig: loaded } : {}),
    });
  }
  return { target, state: judged.state, stale };
}

type ArtifactRead = Omit<Parameters<typeof readRunResults>[1], "runId">;

/** The newest good run of the workflow on the branch, and its results. */
async function readBaseline(
  octokit: Octokit,
  input: ArtifactRead & { workflow: string; branch: string; onBranch: OnBranchCache },
): Promise<Baseline> {
  const found = await latestBaselineRun(octokit, input);
  const results = found.run ? await readRunResults(octokit, { ...input, runId: found.run.id }) : undefined;
  return baselineOf({ ...found, ...(results ? { results } : {}) }, input);
}
