import { Context } from "probot";
import type { SquadgateEvent } from "../core/events.js";
import { findCheckRun, markPending } from "../github/check-run.js";
import type { ChecklistEdit } from "../core/checklists/state.js";
import { runGate, type GateCaches, type GateEnv } from "../github/gate.js";
import { writeHeadCheck } from "../github/head-check.js";
import { readHeadState } from "../core/state/head-text.js";
import { fetchPullRequest, pullInfo, type PullRequest } from "../github/pull-request.js";
import type { KeyedLock } from "../runtime/keyed-lock.js";
import { headCommitKey, pullRequestKey } from "./keyed-serializer.js";

export interface GateDeps {
  caches: GateCaches;
  serializer: KeyedLock;
  botLogin: () => Promise<string>;
  /** Our app's id: only check runs it created are ours. */
  appId: () => Promise<number>;
  /** Signs the checklist's record of who ticked what, and the waiver record. */
  secret: string;
}

/** The installation a delivery came from (its caches and turns are kept apart from other installations'). */
export const installationOf = (context: Context): number =>
  (context.payload as { installation?: { id: number } }).installation?.id ?? 0;

/** The delivery as if it were about `repository` of its installation (an organisation event names none). */
export function repositoryContext(context: Context, repository: { name: string; owner: { login: string } }): Context {
  const payload = { ...(context.payload as object), repository };
  return new Context({ id: context.id, name: context.name, payload } as never, context.octokit, context.log);
}

/** What every evaluation in one installation shares. */
export const gateEnv = (deps: GateDeps, installationId: number): GateEnv => ({
  installationId,
  caches: deps.caches,
  serializer: deps.serializer,
  botLogin: deps.botLogin,
  appId: deps.appId,
  secret: deps.secret,
});

type Event<K extends SquadgateEvent["kind"]> = Extract<SquadgateEvent, { kind: K }>;

/** A pull request's verdict may have changed: judge it again. */
export function runRefresh(context: Context, deps: GateDeps, event: Event<"refresh">): Promise<void> {
  return evaluatePullRequest(context, deps, event.pull, event);
}

/**
 * Our checklist comment was edited. The comment event names neither base nor head: the pull
 * request is read once, in turn with its other deliveries, and handed to the gate.
 */
export function runChecklistComment(
  context: Context,
  deps: GateDeps,
  event: Event<"checklist-comment">,
): Promise<void> {
  return evaluatePullRequest(context, deps, event.pull, async () => {
    const pr = await fetchPullRequest(context.octokit, { ...context.repo(), pull_number: event.pull });
    return { baseRef: pr.base.ref, headSha: pr.head.sha, prefetched: pr, checklistEdit: event.edit };
  });
}

/** "Re-run" on our check: the pull requests at its head, found through the commit for forks. */
export async function runRerun(context: Context, deps: GateDeps, event: Event<"rerun">): Promise<void> {
  const pulls =
    event.pulls ??
    (
      await context.octokit.rest.repos.listPullRequestsAssociatedWithCommit({
        ...context.repo(),
        commit_sha: event.headSha,
      })
    ).data
      .filter((p) => p.state === "open")
      .map((p) => ({ number: p.number, baseRef: p.base.ref }));
  for (const pull of pulls)
    await evaluatePullRequest(context, deps, pull.number, { baseRef: pull.baseRef, headSha: event.headSha });
}

/** What the gate needs besides the pull request's number; `prefetched` when the caller already read the PR. */
export interface GateTarget {
  baseRef: string;
  headSha: string;
  prefetched?: PullRequest;
  checklistEdit?: ChecklistEdit;
  /** Take back a passing check first, saying why, before it is worked out again (the base changed). */
  pendingBecause?: string;
}

/** Runs the gate for one PR, in turn with its other deliveries; `target` may be read once it is this PR's turn. */
export async function evaluatePullRequest(
  context: Context,
  deps: GateDeps,
  number: number,
  target: GateTarget | (() => Promise<GateTarget>),
): Promise<void> {
  const { owner, repo } = context.repo();
  const log = context.log.child({ feature: "gate", repo: `${owner}/${repo}`, pr: number });
  const started = performance.now();
  const installationId = installationOf(context);
  const env = gateEnv(deps, installationId);
  const run = await deps.serializer.run(pullRequestKey(installationId, owner, repo, number), async () => {
    const { baseRef, headSha, prefetched, checklistEdit, pendingBecause } =
      typeof target === "function" ? await target() : target;
    if (pendingBecause) await takeBackVerdict(context, { env, serializer: deps.serializer }, headSha, pendingBecause);
    const result = await runGate(context.octokit, {
      ...env,
      pull: { owner, repo, pull_number: number },
      baseRef,
      headSha,
      ...(prefetched ? { prefetched: pullInfo(prefetched) } : {}),
      ...(checklistEdit ? { checklistEdit } : {}),
    });
    // The verdict taken back must be given again even when this pull request is no longer gated.
    if (pendingBecause && result.outcome !== "evaluated")
      await refreshHead(context, { env, serializer: deps.serializer }, number, headSha);
    return result;
  });
  const durationMs = Math.round(performance.now() - started);
  if (run.outcome !== "evaluated")
    return log.debug({ outcome: run.outcome, reason: run.reason, durationMs }, "gate skipped");
  const { decision } = run;
  log.info(
    {
      event: `${context.name}.${(context.payload as { action?: string }).action ?? ""}`,
      conclusion: decision?.conclusion,
      check: run.check,
      requested: (decision?.reviewRequests.users.length ?? 0) + (decision?.reviewRequests.teams.length ?? 0),
      durationMs,
    },
    "gate evaluated",
  );
}

type Queued = { env: GateEnv; serializer: KeyedLock };

/** Puts a passing check of `headSha` back in progress, in turn with the head's other writes. */
async function takeBackVerdict(
  context: Context,
  { env, serializer }: Queued,
  headSha: string,
  reason: string,
): Promise<void> {
  const repo = context.repo();
  await serializer.run(headCommitKey(env.installationId, repo.owner, repo.repo, headSha), async () => {
    const existing = await findCheckRun(context.octokit, repo, headSha, await env.appId());
    await markPending(context.octokit, repo, headSha, existing, reason);
  });
}

/** Gives the head's check run its verdict from the other pull requests at that head (or says nothing is gated). */
async function refreshHead(
  context: Context,
  { env, serializer }: Queued,
  self: number,
  headSha: string,
): Promise<void> {
  const repo = context.repo();
  const mark = await serializer.mark(headCommitKey(env.installationId, repo.owner, repo.repo, headSha));
  const check = await findCheckRun(context.octokit, repo, headSha, await env.appId());
  if (!check) return;
  await writeHeadCheck(context.octokit, {
    env,
    repo,
    headSha,
    self,
    known: { sha: headSha, check, state: readHeadState(check?.text), mark },
    now: new Date(),
  });
}
