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
}

/**
 * Written by the example workflow's `run-name`, so dispatched runs name their pull request, commit
 * and, for a partial run, the suites asked for.
 */
export const DISPATCH_TITLE = /Squadgate eval #(\d+) ([0-9a-f]{40})\b(?: suites: ([A-Za-z0-9._ -]+))?/;
export const dispatchTitle = (pr: number, sha: string, suites: readonly string[] = []) =>
  `Squadgate eval #${pr} ${sha}${suites.length ? ` suites: ${suites.join(" ")}` : ""}`;

/** Whether a run's workflow file is the configured one (`path` is `.github/workflows/<file>`, maybe with `@ref`). */
export const isWorkflow = (path: string | undefined, file: string) =>
  (path ?? "").split("@")[0]?.endsWith(`.github/workflows/${file}`) ?? false;

/** What a dispatched run's title claims: which pull request, commit and suites it evaluated. */
export function dispatchClaim(run: RunFacts): { number: number; headSha: string; suites?: string[] } | undefined {
  const match = DISPATCH_TITLE.exec(run.display_title ?? "");
  if (!match) return undefined;
  const suites = match[3]?.split(" ").filter(Boolean);
  return { number: Number(match[1]), headSha: match[2] as string, ...(suites?.length ? { suites } : {}) };
}

/**
 * A dispatched run, attributed to the open pull request its title names. Only a run Squadgate
 * dispatched (its bot is the actor) on the base branch counts: anyone who can dispatch the workflow
 * could title a run of an old, good commit like ours, and from any other branch the workflow may
 * have been edited.
 */
export function dispatchedTarget(
  run: RunFacts,
  pr: { number: number; state: string; base: { ref: string } },
  botLogin: string,
): RunTarget | undefined {
  const claim = dispatchClaim(run);
  if (!claim || pr.state !== "open") return undefined;
  const trusted = run.head_branch === pr.base.ref && run.actor?.login.toLowerCase() === botLogin.toLowerCase();
  return { ...claim, number: pr.number, baseRef: pr.base.ref, trusted, dispatched: true };
}

/** A pull request run's workflow is trusted when it is the base's (`pull_request_target`) or the repository's own. */
export const pullRequestRunTrusted = (run: RunFacts): boolean =>
  run.event === "pull_request_target" || run.head_repository?.id === run.repository.id;

/**
 * Why a run's results cannot pass the gate: dispatched from another branch, not dispatched by
 * `/eval`, or a fork's own workflow.
 */
export function untrustedReason(run: RunFacts, target: RunTarget, onRecord: boolean): string {
  if (run.event === "workflow_dispatch" && run.head_branch !== target.baseRef) {
    return `this run was dispatched from ${run.head_branch ?? "an unknown branch"}, not from the base branch ${target.baseRef}, so its workflow may have been edited and its results cannot pass the gate; run /eval to dispatch it on ${target.baseRef}`;
  }
  if (run.event === "workflow_dispatch" || !onRecord) {
    return `this run was not dispatched by Squadgate's /eval (started by ${run.actor?.login ?? "someone else"}, or no /eval of ${target.headSha.slice(0, 7)} is on record), so its results cannot pass the gate; run /eval to evaluate this commit`;
  }
  return "these results come from a fork's own workflow, so they cannot pass the gate; someone with write access can run /eval to evaluate this commit with the base branch's workflow";
}
