import type { Context, Probot } from "probot";
import { markerOf } from "../core/render/sticky.js";
import { findCheckRun, markPending } from "../github/check-run.js";
import type { ChecklistEdit } from "../github/checklist.js";
import { runGate, type GateCaches, type GateEnv } from "../github/gate.js";
import { writeHeadCheck } from "../github/head-check.js";
import { readHeadState } from "../github/evals/gate-evals.js";
import { fetchPullRequest, type PullRequest } from "../github/pull-request.js";
import type { KeyedLock } from "../runtime/keyed-lock.js";
import { headCommitKey, pullRequestKey } from "./keyed-serializer.js";

export const GATE_EVENTS = [
  "pull_request.opened",
  "pull_request.synchronize",
  "pull_request.reopened",
  "pull_request.ready_for_review",
  "pull_request.edited",
  "pull_request_review.submitted",
  "pull_request_review.dismissed",
  "pull_request_review.edited",
] as const;

type GateContext = Context<(typeof GATE_EVENTS)[number]>;

export interface GateDeps {
  caches: GateCaches;
  serializer: KeyedLock;
  botLogin: () => Promise<string>;
  /** Our app's id: only check runs it created are ours. */
  appId: () => Promise<number>;
  /** Signs the checklist's record of who ticked what, and the waiver record. */
  secret: string;
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

/** Wires the governance gate to pull request and review events, plus "Re-run" on the check. */
export function registerGate(app: Probot, deps: GateDeps): void {
  app.on([...GATE_EVENTS], async (context: GateContext) => {
    const { payload } = context;
    const pr = payload.pull_request;
    let checklistEdit: ChecklistEdit | undefined;
    let baseChanged = false;
    if (context.name === "pull_request" && payload.action === "edited") {
      // An edit matters only when it moves the PR to another base or changes the description
      // (where the checklist lives); our own edits of the description are not news.
      const changes = (payload.changes ?? {}) as { base?: unknown; body?: { from?: string | null } };
      const bodyEdit = changes.body !== undefined && !context.isBot;
      baseChanged = changes.base !== undefined;
      if (!baseChanged && !bodyEdit) return;
      if (bodyEdit) checklistEdit = { source: "body", before: changes.body?.from ?? "", after: pr.body ?? "", sender: payload.sender?.login ?? "", at: new Date() };
    }
    await evaluatePullRequest(context, deps, pr.number, {
      baseRef: pr.base.ref,
      headSha: pr.head.sha,
      ...(checklistEdit ? { checklistEdit } : {}),
      ...(baseChanged ? { pendingBecause: `The pull request moved to the base branch ${pr.base.ref}; Squadgate is judging it against that branch's policy.` } : {}),
    });
  });

  // A checklist kept in our sticky comment is ticked by editing that comment.
  app.on("issue_comment.edited", async (context) => {
    const { comment, issue, changes, sender } = context.payload;
    if (!issue.pull_request || context.isBot || !comment.body?.startsWith(markerOf("checklist"))) return;
    if (comment.user?.login !== (await deps.botLogin())) return;
    const checklistEdit: ChecklistEdit = { source: "comment", before: changes.body?.from ?? "", after: comment.body, sender: sender.login, at: new Date() };
    // The comment event names neither base nor head: read the pull request once, in turn with the
    // PR's other deliveries, and hand it to the gate rather than reading it twice.
    await evaluatePullRequest(context, deps, issue.number, async () => {
      const pr = await fetchPullRequest(context.octokit, { ...context.repo(), pull_number: issue.number });
      return { baseRef: pr.base.ref, headSha: pr.head.sha, prefetched: pr, checklistEdit };
    });
  });

  app.on("check_run.rerequested", async (context) => {
    const run = context.payload.check_run;
    if (run.app?.id !== (await deps.appId())) return;
    const pulls = run.pull_requests.length
      ? run.pull_requests.map((p) => ({ number: p.number, baseRef: p.base.ref }))
      : // Fork pull requests are not listed on the check run; find them through the commit.
        (await context.octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...context.repo(), commit_sha: run.head_sha })).data
          .filter((p) => p.state === "open")
          .map((p) => ({ number: p.number, baseRef: p.base.ref }));
    for (const pull of pulls) await evaluatePullRequest(context, deps, pull.number, { baseRef: pull.baseRef, headSha: run.head_sha });
  });
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
export async function evaluatePullRequest(context: Context, deps: GateDeps, number: number, target: GateTarget | (() => Promise<GateTarget>)): Promise<void> {
  const { owner, repo } = context.repo();
  const log = context.log.child({ feature: "gate", repo: `${owner}/${repo}`, pr: number });
  const started = performance.now();
  const installationId = (context.payload as { installation?: { id: number } }).installation?.id ?? 0;
  const env = gateEnv(deps, installationId);
  const run = await deps.serializer.run(pullRequestKey(installationId, owner, repo, number), async () => {
    const { baseRef, headSha, prefetched, checklistEdit, pendingBecause } = typeof target === "function" ? await target() : target;
    if (pendingBecause) await takeBackVerdict(context, { env, serializer: deps.serializer }, headSha, pendingBecause);
    const result = await runGate(context.octokit, {
      ...env,
      pull: { owner, repo, pull_number: number },
      baseRef,
      headSha,
      ...(prefetched ? { prefetched } : {}),
      ...(checklistEdit ? { checklistEdit } : {}),
    });
    // The verdict taken back must be given again even when this pull request is no longer gated.
    if (pendingBecause && result.outcome !== "evaluated") await refreshHead(context, { env, serializer: deps.serializer }, number, headSha);
    return result;
  });
  const durationMs = Math.round(performance.now() - started);
  if (run.outcome !== "evaluated") return log.debug({ outcome: run.outcome, reason: run.reason, durationMs }, "gate skipped");
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
async function takeBackVerdict(context: Context, { env, serializer }: Queued, headSha: string, reason: string): Promise<void> {
  const repo = context.repo();
  await serializer.run(headCommitKey(env.installationId, repo.owner, repo.repo, headSha), async () => {
    const existing = await findCheckRun(context.octokit, repo, headSha, await env.appId());
    await markPending(context.octokit, repo, headSha, existing, reason);
  });
}

/** Gives the head's check run its verdict from the other pull requests at that head (or says nothing is gated). */
async function refreshHead(context: Context, { env, serializer }: Queued, self: number, headSha: string): Promise<void> {
  const repo = context.repo();
  const mark = await serializer.mark(headCommitKey(env.installationId, repo.owner, repo.repo, headSha));
  const check = await findCheckRun(context.octokit, repo, headSha, await env.appId());
  if (!check) return;
  await writeHeadCheck(context.octokit, { env, repo, headSha, self, known: { check, state: readHeadState(check), mark }, now: new Date() });
}
