import { describe, expect, it } from "vitest";
import { markerOf } from "../../src/core/render/sticky.js";
import { TRIGGERS, type TriggerContext, type WebhookName } from "../../src/handlers/triggers.js";
import { webhook } from "../helpers/fixtures.js";

const BOT = "squadgate[bot]";
const APP_ID = 1;
const NOW = new Date("2026-06-01T12:00:00Z");
const ctx = (over: Partial<TriggerContext> = {}): TriggerContext => ({
  senderIsBot: false,
  botLogin: async () => BOT,
  appId: async () => APP_ID,
  now: () => NOW,
  ...over,
});
const read = (name: WebhookName, payload: unknown, context = ctx()) =>
  (TRIGGERS[name] as (p: unknown, c: TriggerContext) => unknown)(payload, context);

describe("the trigger table", () => {
  it("judges a pull request again on every event that may change its verdict", async () => {
    for (const name of [
      "pull_request.opened",
      "pull_request.synchronize",
      "pull_request.reopened",
      "pull_request.ready_for_review",
      "pull_request_review.submitted",
      "pull_request_review.dismissed",
    ] as const) {
      const payload = webhook(name);
      expect(await read(name, payload), name).toEqual({
        event: {
          kind: "refresh",
          pull: payload["pull_request"].number,
          baseRef: payload["pull_request"].base.ref,
          headSha: payload["pull_request"].head.sha,
        },
      });
    }
  });

  it("reads a description edit as a checklist edit, a base change as a verdict to take back, and skips the rest", async () => {
    const opened = webhook("pull_request.opened");
    const edited = (changes: object) => ({ ...opened, action: "edited", changes });
    expect(await read("pull_request.edited", edited({ title: { from: "old" } }))).toEqual({
      skip: "neither base nor description changed",
    });
    expect(await read("pull_request.edited", edited({ body: { from: "a" } }), ctx({ senderIsBot: true }))).toEqual({
      skip: "a bot edited the description",
    });
    expect(await read("pull_request.edited", edited({ body: { from: "before" } }))).toMatchObject({
      event: {
        kind: "refresh",
        checklistEdit: { source: "body", before: "before", after: opened.pull_request.body ?? "", at: NOW },
      },
    });
    const moved = (await read("pull_request.edited", edited({ base: { ref: { from: "dev" } } }))) as {
      event: { pendingBecause?: string; checklistEdit?: unknown };
    };
    expect(moved.event.pendingBecause).toContain(`moved to the base branch ${opened.pull_request.base.ref}`);
    expect(moved.event.checklistEdit).toBeUndefined();
  });

  it("runs commands from people's new comments on pull requests only", async () => {
    const created = webhook("issue_comment.created");
    const withBody = (body: string, user = created.comment.user) => ({
      ...created,
      comment: { ...created.comment, body, user },
    });
    expect(await read("issue_comment.created", withBody("/owners please"))).toMatchObject({
      event: { kind: "commands", pull: created.issue.number, comment: { id: created.comment.id } },
    });
    expect(await read("issue_comment.created", withBody("LGTM"))).toEqual({ skip: "no command" });
    expect(await read("issue_comment.created", withBody("/owners"), ctx({ senderIsBot: true }))).toEqual({
      skip: "a bot's comment",
    });
    expect(await read("issue_comment.created", withBody("/owners", { ...created.comment.user, type: "Bot" }))).toEqual({
      skip: "a bot's comment",
    });
    const onIssue = { ...withBody("/owners"), issue: { ...created.issue, pull_request: undefined } };
    expect(await read("issue_comment.created", onIssue)).toEqual({ skip: "a comment on an issue" });
  });

  it("counts an edit of our checklist comment only, never a copy of it in someone else's", async () => {
    const created = webhook("issue_comment.created");
    const body = `${markerOf("checklist")}\n- [x] item`;
    const edit = (login: string) => ({
      ...created,
      action: "edited",
      changes: { body: { from: `${markerOf("checklist")}\n- [ ] item` } },
      comment: { ...created.comment, body, user: { ...created.comment.user, login } },
    });
    expect(await read("issue_comment.edited", edit(BOT))).toMatchObject({
      event: { kind: "checklist-comment", edit: { source: "comment", after: body, at: NOW } },
    });
    expect(await read("issue_comment.edited", edit("mallory"))).toEqual({
      skip: "a copy of our checklist in someone's comment",
    });
  });

  it("takes Re-run on our own check run only", async () => {
    const payload = (appId: number) => ({
      check_run: { app: { id: appId }, head_sha: "a".repeat(40), pull_requests: [] },
    });
    expect(await read("check_run.rerequested", payload(APP_ID))).toEqual({
      event: { kind: "rerun", headSha: "a".repeat(40), pulls: undefined },
    });
    expect(await read("check_run.rerequested", payload(99))).toEqual({ skip: "another app's check run" });
  });

  it("skips pushes that cannot change a policy without asking GitHub anything", async () => {
    const push = webhook("push");
    const withPaths = (paths: string[], extra = {}) => ({
      ...push,
      ...extra,
      commits: [{ ...push.commits[0], added: paths, modified: [], removed: [] }],
    });
    expect(await read("push", withPaths(["src/app.ts"]))).toEqual({ skip: "no policy file changed" });
    expect(await read("push", withPaths([".github/squadgate.yml"]))).toMatchObject({
      event: { kind: "policy-push", paths: [".github/squadgate.yml"] },
    });
    expect(await read("push", withPaths(["docs/CODEOWNERS"]))).toMatchObject({ event: { kind: "policy-push" } });
    // A force-push may change anything: the event carries no paths, so the handler asks GitHub.
    const forced = (await read("push", withPaths(["src/app.ts"], { forced: true }))) as { event: { paths?: unknown } };
    expect(forced.event.paths).toBeUndefined();
    expect(await read("push", { ...push, ref: "refs/tags/v1" })).toEqual({ skip: "not a branch" });
    expect(await read("push", { ...push, deleted: true })).toEqual({ skip: "a deleted branch" });
  });

  it("reads merge groups and workflow runs into their events", async () => {
    const group = webhook("merge_group.checks_requested");
    expect(await read("merge_group.checks_requested", group)).toEqual({
      event: {
        kind: "merge-group",
        branch: group.merge_group.base_ref.replace("refs/heads/", ""),
        headSha: group.merge_group.head_sha,
        headRef: group.merge_group.head_ref,
      },
    });
    const run = webhook("workflow_run.completed");
    expect(await read("workflow_run.completed", run)).toMatchObject({
      event: { kind: "workflow-run", completed: true, path: run.workflow_run.path },
    });
    expect(await read("workflow_run.in_progress", run)).toMatchObject({ event: { completed: false } });
  });

  it("reads a team's membership change into the team it changed, and skips an organisation's", async () => {
    const removed = webhook("membership.removed");
    expect(await read("membership.removed", removed)).toEqual({
      event: { kind: "team-change", team: `${removed.organization.login}/${removed.team.slug}` },
    });
    expect(await read("membership.added", { ...removed, action: "added" })).toMatchObject({
      event: { kind: "team-change" },
    });
    expect(await read("membership.removed", { ...removed, scope: "organization", team: null })).toEqual({
      skip: "not a team",
    });
  });
});
