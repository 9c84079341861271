import type { Context } from "probot";
import { markerOf } from "../core/render/sticky.js";
import { parseCommands } from "../core/commands/parse.js";
import type { RunFacts } from "../core/evals/runs.js";
import { skip, trigger, type Trigger } from "../core/events.js";
import { WAIVER_LABEL } from "../core/state/channels.js";

/** What a trigger may know besides the payload: who sent it and who we are (resolved only when asked). */
export interface TriggerContext {
  /** The delivery's sender is a bot (ours or another app's). */
  senderIsBot: boolean;
  botLogin(): Promise<string>;
  appId(): Promise<number>;
  now(): Date;
}

type Payload<N extends WebhookName | `${WebhookName}`> = Context<N>["payload"];
type Reader<N extends WebhookName> = (payload: Payload<N>, ctx: TriggerContext) => Trigger | Promise<Trigger>;

export type WebhookName =
  | "pull_request.opened"
  | "pull_request.synchronize"
  | "pull_request.reopened"
  | "pull_request.ready_for_review"
  | "pull_request.edited"
  | "pull_request.unlabeled"
  | "pull_request_review.submitted"
  | "pull_request_review.dismissed"
  | "pull_request_review.edited"
  | "issue_comment.created"
  | "issue_comment.edited"
  | "check_run.rerequested"
  | "workflow_run.requested"
  | "workflow_run.in_progress"
  | "workflow_run.completed"
  | "merge_group.checks_requested"
  | "membership.added"
  | "membership.removed"
  | "push";

type PullPayload = { pull_request: { number: number; base: { ref: string }; head: { sha: string } } };

/** Anything that may change a pull request's verdict: judge it again, as it is now. */
const refresh = (payload: PullPayload): Trigger =>
  trigger({
    kind: "refresh",
    pull: payload.pull_request.number,
    baseRef: payload.pull_request.base.ref,
    headSha: payload.pull_request.head.sha,
  });

/**
 * The one table of what Squadgate does with each webhook it subscribes to (see app.yml): the event
 * it becomes, or why it is skipped. Handlers run events; they never read payloads themselves.
 */
export const TRIGGERS: { [N in WebhookName]: Reader<N> } = {
  "pull_request.opened": refresh,
  "pull_request.synchronize": refresh,
  "pull_request.reopened": refresh,
  "pull_request.ready_for_review": refresh,
  "pull_request_review.submitted": refresh,
  "pull_request_review.dismissed": refresh,
  "pull_request_review.edited": refresh,
  "pull_request.edited": descriptionEdit,
  "pull_request.unlabeled": (payload) =>
    payload.label?.name === WAIVER_LABEL
      ? trigger({
          kind: "waiver-label-removed",
          pull: payload.pull_request.number,
          baseRef: payload.pull_request.base.ref,
          headSha: payload.pull_request.head.sha,
        })
      : skip("another label"),
  "issue_comment.created": commentCommands,
  "issue_comment.edited": checklistCommentEdit,
  "membership.added": teamChange,
  "membership.removed": teamChange,
  "check_run.rerequested": async (payload, ctx) => {
    const run = payload.check_run;
    if (run.app?.id !== (await ctx.appId())) return skip("another app's check run");
    const pulls = run.pull_requests.map((p) => ({ number: p.number, baseRef: p.base.ref }));
    // Fork pull requests are not listed on the check run; they are found through the commit.
    return trigger({ kind: "rerun", headSha: run.head_sha, pulls: pulls.length > 0 ? pulls : undefined });
  },
  "workflow_run.requested": (payload) => workflowRun(payload, false),
  "workflow_run.in_progress": (payload) => workflowRun(payload, false),
  "workflow_run.completed": (payload) => workflowRun(payload, true),
  "merge_group.checks_requested": (payload) =>
    trigger({
      kind: "merge-group",
      branch: payload.merge_group.base_ref.replace(/^refs\/heads\//, ""),
      headSha: payload.merge_group.head_sha,
      headRef: payload.merge_group.head_ref,
    }),
  push: policyPush,
};

/**
 * An edit matters only when it moves the pull request to another base or changes the description
 * (where the checklist lives); our own edits of the description are not news.
 */
function descriptionEdit(payload: Payload<"pull_request.edited">, ctx: TriggerContext): Trigger {
  const pr = payload.pull_request;
  const changes = (payload.changes ?? {}) as { base?: unknown; body?: { from?: string | null } };
  const baseChanged = changes.base !== undefined;
  const bodyEdit = changes.body !== undefined && !ctx.senderIsBot;
  if (!baseChanged && !bodyEdit)
    return skip(changes.body !== undefined ? "a bot edited the description" : "neither base nor description changed");
  return trigger({
    kind: "refresh",
    pull: pr.number,
    baseRef: pr.base.ref,
    headSha: pr.head.sha,
    ...(bodyEdit
      ? {
          checklistEdit: {
            source: "body",
            before: changes.body?.from ?? "",
            after: pr.body ?? "",
            sender: payload.sender?.login ?? "",
            at: ctx.now(),
          },
        }
      : {}),
    ...(baseChanged
      ? {
          pendingBecause: `The pull request moved to the base branch ${pr.base.ref}; Squadgate is judging it against that branch's policy.`,
        }
      : {}),
  });
}

/**
 * Commands in a new comment on a pull request. Edited and deleted comments are never read for
 * commands, so they cannot run one again; comments by bots (ours or another app's) are ignored,
 * so apps cannot talk each other into loops.
 */
function commentCommands(payload: Payload<"issue_comment.created">, ctx: TriggerContext): Trigger {
  const { issue, comment } = payload;
  if (!issue.pull_request) return skip("a comment on an issue");
  if (ctx.senderIsBot || comment.user?.type === "Bot") return skip("a bot's comment");
  const parsed = parseCommands(comment.body ?? "");
  if (parsed.commands.length === 0 && parsed.unknown.length === 0) return skip("no command");
  return trigger({
    kind: "commands",
    pull: issue.number,
    parsed,
    comment: {
      id: comment.id,
      url: comment.html_url,
      createdAt: comment.created_at,
      author: comment.user?.login ?? "",
    },
  });
}

/** A checklist kept in our sticky comment is ticked by editing that comment. */
async function checklistCommentEdit(payload: Payload<"issue_comment.edited">, ctx: TriggerContext): Promise<Trigger> {
  const { comment, issue, changes, sender } = payload;
  if (!issue.pull_request || ctx.senderIsBot) return skip("not a person's edit on a pull request");
  if (!comment.body?.startsWith(markerOf("checklist"))) return skip("not our checklist comment");
  if (comment.user?.login !== (await ctx.botLogin())) return skip("a copy of our checklist in someone's comment");
  return trigger({
    kind: "checklist-comment",
    pull: issue.number,
    edit: {
      source: "comment",
      before: changes.body?.from ?? "",
      after: comment.body,
      sender: sender.login,
      at: ctx.now(),
    },
  });
}

function workflowRun(
  payload: Payload<"workflow_run.requested" | "workflow_run.in_progress" | "workflow_run.completed">,
  completed: boolean,
): Trigger {
  const run = payload.workflow_run;
  return trigger({
    kind: "workflow-run",
    run: run as unknown as RunFacts,
    path: run.path,
    completed,
    defaultBranch: payload.repository.default_branch,
  });
}

/** GitHub lists at most this many commits in a push event. */
const LISTED_COMMITS = 20;

/**
 * A push that may change a branch's Squadgate policy. Most pushes touch no such file and cost
 * nothing: the policy files live under `.github/` or are named `*OWNERS`.
 */
function policyPush(payload: Payload<"push">): Trigger {
  const { ref, deleted, forced, commits, before, after } = payload;
  if (deleted || !ref.startsWith("refs/heads/")) return skip(deleted ? "a deleted branch" : "not a branch");
  const branch = ref.slice("refs/heads/".length);
  // A force-push, or more commits than GitHub lists, may change anything: the handler asks GitHub.
  if (forced || commits.length >= LISTED_COMMITS) return trigger({ kind: "policy-push", branch, before, after });
  const paths = commits.flatMap((c) => [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])]);
  if (!paths.some(mayBePolicy)) return skip("no policy file changed");
  return trigger({ kind: "policy-push", branch, before, after, paths });
}

/** Policy files are under `.github/`, or an ownership file named like CODEOWNERS elsewhere. */
export const mayBePolicy = (path: string) => path.startsWith(".github/") || /OWNERS$/i.test(path);

/** A team's members changed: the pull requests whose roles name it are judged again (organisation event). */
function teamChange(payload: {
  scope: string;
  team?: { slug?: string } | null;
  organization: { login: string };
}): Trigger {
  if (payload.scope !== "team" || !payload.team?.slug) return skip("not a team");
  return trigger({ kind: "team-change", team: `${payload.organization.login}/${payload.team.slug}` });
}
