import type { Context, Probot } from "probot";
import { markerOf } from "../core/render/sticky.js";
import type { ChecklistEdit } from "../github/checklist.js";
import { runGate, type GateCaches } from "../github/gate.js";
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
      if (bodyEdit) checklistEdit = { before: changes.body?.from ?? "", after: pr.body ?? "", sender: payload.sender?.login ?? "", at: new Date() };
    }
    await evaluate(context, deps, { number: pr.number, baseRef: pr.base.ref, headSha: pr.head.sha, ...(checklistEdit ? { checklistEdit } : {}) });
  });

  // A checklist kept in our sticky comment is ticked by editing that comment.
  app.on("issue_comment.edited", async (context) => {
    const { comment, issue, changes, sender } = context.payload;
    if (!issue.pull_request || context.isBot || !comment.body?.startsWith(markerOf("checklist"))) return;
    if (comment.user?.login !== (await deps.botLogin())) return;
    const pr = await context.octokit.rest.pulls.get({ ...context.repo(), pull_number: issue.number });
    const checklistEdit = { before: changes.body?.from ?? "", after: comment.body, sender: sender.login, at: new Date() };
    await evaluate(context, deps, { number: issue.number, baseRef: pr.data.base.ref, headSha: pr.data.head.sha, checklistEdit });
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
    for (const pull of pulls) await evaluate(context, deps, { ...pull, headSha: run.head_sha });
  });
}

async function evaluate(
  context: Context,
  deps: GateDeps,
  target: { number: number; baseRef: string; headSha: string; checklistEdit?: ChecklistEdit },
): Promise<void> {
  const { owner, repo } = context.repo();
  const log = context.log.child({ feature: "gate", repo: `${owner}/${repo}`, pr: target.number });
  const started = performance.now();
  const installationId = (context.payload as { installation?: { id: number } }).installation?.id ?? 0;
  const run = await deps.serializer.run(pullRequestKey(installationId, owner, repo, target.number), () =>
    runGate(context.octokit, {
      pull: { owner, repo, pull_number: target.number },
      baseRef: target.baseRef,
      headSha: target.headSha,
      installationId,
      caches: deps.caches,
      botLogin: deps.botLogin,
      secret: deps.secret,
      ...(target.checklistEdit ? { checklistEdit: target.checklistEdit } : {}),
    }),
  );
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
