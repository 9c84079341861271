import {
  dispatchClaim,
  dispatchedTarget,
  pullRequestRunTrusted,
  type RunFacts,
  type RunTarget,
} from "../../core/evals/runs.js";
import type { PullRequest } from "../pull-request.js";
import type { Octokit, RepoRef } from "../types.js";

/** A run's pull request, with the live pull request when attribution already had to read it. */
export type AttributedRun = RunTarget & { pr?: PullRequest };

/**
 * The pull requests a run belongs to. GitHub leaves `pull_requests` empty for fork pull requests,
 * dispatched runs and runs of a commit that is no longer the head, so those are found by the head
 * label or by the run's title. A run of an older commit is still attributed: ingestion shows it as stale.
 */
export async function pullRequestsForRun(
  octokit: Octokit,
  repo: RepoRef,
  run: RunFacts,
  botLogin: string,
): Promise<AttributedRun[]> {
  if (run.event === "workflow_dispatch") {
    const claim = dispatchClaim(run);
    if (!claim) return [];
    const { data: pr } = await octokit.rest.pulls.get({ ...repo, pull_number: claim.number });
    const target = dispatchedTarget(run, pr, botLogin);
    return target ? [{ ...target, pr }] : [];
  }
  if (run.event !== "pull_request" && run.event !== "pull_request_target") return [];
  const trusted = pullRequestRunTrusted(run);
  const listed = run.pull_requests ?? [];
  if (listed.length > 0)
    return listed.map((pr) => ({ number: pr.number, headSha: run.head_sha, baseRef: pr.base.ref, trusted }));
  const owner = run.head_repository?.owner?.login;
  if (!owner || !run.head_branch) return [];
  const { data } = await octokit.rest.pulls.list({
    ...repo,
    state: "open",
    head: `${owner}:${run.head_branch}`,
    per_page: 10,
  });
  return data
    .filter((pr) => pr.head.repo?.id === run.head_repository?.id)
    .map((pr) => ({ number: pr.number, headSha: run.head_sha, baseRef: pr.base.ref, trusted }));
}
