import type { Context, Probot } from "probot";
import { markerOf } from "../core/render/sticky.js";
import type { ChecklistEdit } from "../github/checklist.js";
import { runGate, type GateCaches } from "../github/gate.js";
import { fetchPullRequest, type PullRequest } from "../github/pull-request.js";
import { pullRequestKey, type KeyedSerializer } from "./keyed-serializer.js";

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
  serializer: KeyedSerializer;
  botLogin: () => Promise<string>;
  /** Signs the checklist's record of who ticked what. */
  secret: string;
}

/** Wires the governance gate to pull request and review events, plus "Re-run" on the check. */
export function registerGate(app: Probot, deps: GateDeps): void {
  app.on([...GATE_EVENTS], async (context: GateContext) => {
    const { payload } = context;
    const pr = payload.pull_request;
    let checklistEdit: ChecklistEdit | undefined;
    if (context.name === "pull_request" && payload.action === "edited") {
      // An edit matters only when it moves the PR to another base or changes the description
      // (where the checklist lives); our own edits of the description are not news.
      const changes = (payload.changes ?? {}) as { base?: unknown; body?: { from?: string | null } };
      const bodyEdit = changes.body !== undefined && !context.isBot;
      if (!changes.base && !bodyEdit) return;
      if (bodyEdit) checklistEdit = { source: "body", before: changes.body?.from ?? "", after: pr.body ?? "", sender: payload.sender?.login ?? "", at: new Date() };
    }
    await evaluate(context, deps, pr.number, { baseRef: pr.base.ref, headSha: pr.head.sha, ...(checklistEdit ? { checklistEdit } : {}) });
  });

  // A checklist kept in our sticky comment is ticked by editing that comment.
  app.on("issue_comment.edited", async (context) => {
    const { comment, issue, changes, sender } = context.payload;
    if (!issue.pull_request || context.isBot || !comment.body?.startsWith(markerOf("checklist"))) return;
    if (comment.user?.login !== (await deps.botLogin())) return;
    const checklistEdit: ChecklistEdit = { source: "comment", before: changes.body?.from ?? "", after: comment.body, sender: sender.login, at: new Date() };
    // The comment event names neither base nor head: read the pull request once, in turn with the
    // PR's other deliveries, and hand it to the gate rather than reading it twice.
    await evaluate(context, deps, issue.number, async () => {
      const pr = await fetchPullRequest(context.octokit, { ...context.repo(), pull_number: issue.number });
      return { baseRef: pr.base.ref, headSha: pr.head.sha, prefetched: pr, checklistEdit };
    });
  });

  app.on("check_run.rerequested", async (context) => {
    const run = context.payload.check_run;
    if (!run.external_id?.startsWith("squadgate:")) return;
    const pulls = run.pull_requests.length
      ? run.pull_requests.map((p) => ({ number: p.number, baseRef: p.base.ref }))
      : // Fork pull requests are not listed on the check run; find them through the commit.
        (await context.octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...context.repo(), commit_sha: run.head_sha })).data
          .filter((p) => p.state === "open")
          .map((p) => ({ number: p.number, baseRef: p.base.ref }));
    for (const pull of pulls) await evaluate(context, deps, pull.number, { baseRef: pull.baseRef, headSha: run.head_sha });
  });
}

/** What the gate needs besides the pull request's number; `prefetched` when the caller already read the PR. */
interface GateTarget {
  baseRef: string;
  headSha: string;
  prefetched?: PullRequest;
  checklistEdit?: ChecklistEdit;
}

/** Runs the gate for one PR, in turn with its other deliveries; `target` may be read once it is this PR's turn. */
async function evaluate(context: Context, deps: GateDeps, number: number, target: GateTarget | (() => Promise<GateTarget>)): Promise<void> {
  const { owner, repo } = context.repo();
  const log = context.log.child({ feature: "gate", repo: `${owner}/${repo}`, pr: number });
  const started = performance.now();
  const installationId = (context.payload as { installation?: { id: number } }).installation?.id ?? 0;
  const run = await deps.serializer.run(pullRequestKey(installationId, owner, repo, number), async () => {
    const { baseRef, headSha, prefetched, checklistEdit } = typeof target === "function" ? await target() : target;
    return runGate(context.octokit, {
      pull: { owner, repo, pull_number: number },
      baseRef,
      headSha,
      installationId,
      caches: deps.caches,
      botLogin: deps.botLogin,
      secret: deps.secret,
      ...(prefetched ? { prefetched } : {}),
      ...(checklistEdit ? { checklistEdit } : {}),
    });
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
