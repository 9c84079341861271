import type { PullRequest } from "../pull-request.js";
import type { Octokit, RepoRef } from "../types.js";

/** The fields of a workflow run (webhook or REST) that decide which pull request it evaluated. */
export interface RunFacts {
  id: number;
  event: string;
  head_sha: string;
  head_branch: string | null;
  display_title?: string;
  html_url: string;
  head_repository?: { id: number; owner: { login: string } | null } | null;
  /** Who started the run: for `/eval`, our app's bot. */
  actor?: { login: string } | null;
  repository: { id: number };
  pull_requests: { number: number; head: { sha: string }; base: { ref: string } }[] | null;
}

export interface RunTarget {
  number: number;
  /** The commit the run evaluated. */
  headSha: string;
  baseRef: string;
  /**
   * Whether the workflow that produced the results came from a trusted definition: a dispatch on
   * the base branch or a `pull_request_target` run, or a same-repository pull request. A fork's
   * `pull_request` run, or a dispatch from another branch, runs a workflow the pull request's side
   * may have edited, so its numbers are shown but cannot gate.
   */
  trusted: boolean;
  /** The suites a dispatched run was asked for; absent when it ran them all. */
  suites?: string[];
  /** A dispatched run that claims to be Squadgate's: its dispatch must be on record before its numbers count. */
  dispatched?: true;
  /** The live pull request, when attribution already had to read it. */
  pr?: PullRequest;
}

/**
 * Written by the example workflow's `run-name`, so dispatched runs name their pull request, commit
 * and, for a partial run, the suites asked for.
 */
export const DISPATCH_TITLE = /Squadgate eval #(\d+) ([0-9a-f]{40})\b(?: suites: ([A-Za-z0-9._ -]+))?/;
export const dispatchTitle = (pr: number, sha: string, suites: readonly string[] = []) =>
  `Squadgate eval #${pr} ${sha}${suites.length ? ` suites: ${suites.join(" ")}` : ""}`;

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
): Promise<RunTarget[]> {
  if (run.event === "workflow_dispatch") {
    const match = DISPATCH_TITLE.exec(run.display_title ?? "");
    if (!match) return [];
    const { data: pr } = await octokit.rest.pulls.get({ ...repo, pull_number: Number(match[1]) });
    if (pr.state !== "open") return [];
    // Only a run Squadgate dispatched (its bot is the actor) on the base branch counts: anyone who
    // can dispatch the workflow could title a run of an old, good commit like ours, and from any
    // other branch the workflow may have been edited.
    const trusted = run.head_branch === pr.base.ref && run.actor?.login.toLowerCase() === botLogin.toLowerCase();
    const suites = match[3]?.split(" ").filter(Boolean);
    return [
      {
        number: pr.number,
        headSha: match[2] as string,
        baseRef: pr.base.ref,
        trusted,
        dispatched: true,
        pr,
        ...(suites?.length ? { suites } : {}),
      },
    ];
  }
  if (run.event !== "pull_request" && run.event !== "pull_request_target") return [];
  const sameRepo = run.head_repository?.id === run.repository.id;
  const trusted = run.event === "pull_request_target" || sameRepo;
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

/** Whether a run's workflow file is the configured one (`path` is `.github/workflows/<file>`, maybe with `@ref`). */
export const isWorkflow = (path: string | undefined, file: string) =>
  (path ?? "").split("@")[0]?.endsWith(`.github/workflows/${file}`) ?? false;
