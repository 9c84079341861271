import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { parseItems, SECTION_END, SECTION_START } from "../../src/core/checklists/section.js";
import { TICK_RECORD } from "../../src/core/state/channels.js";
import { valueOr } from "../../src/core/state/hidden-state.js";
import type { GitHubMock } from "../helpers/github-mock.js";
import { useMockedApp } from "../helpers/mocked-app.js";
import {
  BASE_REF,
  changedFile,
  HEAD_SHA,
  livePullRequest,
  OWNER,
  PR_NUMBER,
  REPO,
  webhook,
} from "../helpers/fixtures.js";
import { TEST_SECRET } from "../helpers/test-probot.js";

const CONFIG = `
roles:
  ds:
    members: [dana]
checklists:
  templates:
    prompt:
      title: Prompt change
      items:
        - { id: golden-eval, text: Eval run on the golden set, required: true, role: ds }
        - { id: tone, text: Tone agreed with product }
`;
const OWNERS = "/prompts/ @ds\n";
const SCOPE = { secret: TEST_SECRET, pullRequest: `${OWNER}/${REPO}#${PR_NUMBER}`.toLowerCase() };
const AUTHOR_TEXT = "Tightens the refusal wording.";

let probot: Probot;
let github: GitHubMock;

useMockedApp((app) => ({ probot, github } = app));

const receive = (name: string, payload: object) => probot.receive({ id: "delivery-k", name, payload } as never);
const writes = () => github.writes.map((c) => `${c.method} ${c.path}`);
const approvedByDana = [
  { user: { login: "dana" }, state: "APPROVED", commit_id: HEAD_SHA, submitted_at: "2026-11-01T00:00:00Z" },
];

/** The body Squadgate writes on the first run, read back from the PATCH. */
async function renderedBody(): Promise<string> {
  readsFor({ body: AUTHOR_TEXT, reviews: approvedByDana });
  descriptionWrite(AUTHOR_TEXT);
  github.createCheck();
  await receive("pull_request", {
    ...webhook("pull_request.opened"),
    pull_request: { ...webhook("pull_request.opened")["pull_request"], body: AUTHOR_TEXT },
  });
  const body = github.bodyOf("PATCH", `/pulls/${PR_NUMBER}`)["body"] as string;
  github.calls.length = 0;
  return body;
}

/** The gate's reads; it finds the pull request among those at its head (a command reads it alone first). */
function readsFor(opts: { body: string; reviews?: object[]; checkRuns?: object[]; command?: boolean }) {
  github
    .config(BASE_REF, CONFIG)
    .pull(PR_NUMBER, livePullRequest({ body: opts.body }), { read: opts.command === true })
    .files(PR_NUMBER, [changedFile("prompts/support.txt")])
    .checkRuns(HEAD_SHA, opts.checkRuns ?? [])
    .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
    .reviews(PR_NUMBER, opts.reviews ?? []);
}

/** The description is read again just before it is written; `body` is what GitHub still has. */
function descriptionWrite(body: string) {
  github.pull(PR_NUMBER, livePullRequest({ body }));
  github.scope.patch(`${github.repoPath}/pulls/${PR_NUMBER}`).reply(200, {});
}

/** GitHub's pull_request example as an `edited` event: `sender` changed the description from `before` to `after`. */
function edited(before: string, after: string, sender: string) {
  const payload = webhook("pull_request.opened");
  return {
    ...payload,
    action: "edited",
    changes: { body: { from: before } },
    pull_request: { ...payload["pull_request"], body: after },
    sender: { login: sender, id: 9, type: "User" },
  };
}

const tick = (body: string, key: string) =>
  body.replace(new RegExp(`- \\[ \\] (.*<!-- sg:item ${key} -->)`), "- [x] $1");
const summaryOf = (body: Record<string, unknown>) => (body["output"] as { summary: string }).summary;

describe("checklists on GitHub", () => {
  it("opened prompt PR: the description gains the section in one PATCH and the check lists what is open", async () => {
    const body = await renderedBody();
    expect(body.startsWith(`${AUTHOR_TEXT}\n\n${SECTION_START}\n## Squadgate checklist`)).toBe(true);
    expect(body).toContain(
      "- [ ] Eval run on the golden set · **required**, `@ds` ticks <!-- sg:item prompt/golden-eval -->",
    );
    expect(body.endsWith(SECTION_END)).toBe(true);
  });

  it("the first run's writes: one description PATCH, then the check waiting for the required item", async () => {
    readsFor({ body: AUTHOR_TEXT, reviews: approvedByDana });
    descriptionWrite(AUTHOR_TEXT);
    github.createCheck();
    await receive("pull_request", webhook("pull_request.opened"));
    expect(writes()).toEqual([
      "PATCH /repos/Codertocat/Hello-World/pulls/2",
      "POST /repos/Codertocat/Hello-World/check-runs",
    ]);
    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({
      conclusion: "action_required",
      output: { title: "Waiting for 1 required checklist item" },
    });
    expect(summaryOf(check)).toContain(
      "### Checklist\n- ⏳ Prompt change: Eval run on the golden set — required, to be ticked by a member of `@ds`.",
    );
  });

  it("a member ticking the required role item: the tick is credited and the check passes", async () => {
    const before = await renderedBody();
    const after = tick(before, "prompt/golden-eval");
    readsFor({ body: after, reviews: approvedByDana, checkRuns: [{ id: 5, external_id: "squadgate:old" }] });
    descriptionWrite(after);
    github.updateCheck(5);

    await receive("pull_request", edited(before, after, "dana"));

    const written = github.bodyOf("PATCH", `/pulls/${PR_NUMBER}`)["body"] as string;
    expect(valueOr(TICK_RECORD.read(written, SCOPE), {})).toEqual({
      "prompt/golden-eval": { by: "dana", at: expect.any(String) },
    });
    expect(parseItems(written).get("prompt/golden-eval")?.checked).toBe(true);
    expect(github.bodyOf("PATCH", "check-runs/5")).toMatchObject({ conclusion: "success" });
  });

  it("a non-member ticking the role item: it does not count, and the summary says who may tick it", async () => {
    const before = await renderedBody();
    const after = tick(before, "prompt/golden-eval");
    readsFor({ body: after, reviews: approvedByDana, checkRuns: [{ id: 5, external_id: "squadgate:old" }] });
    descriptionWrite(after);
    github.updateCheck(5);

    await receive("pull_request", edited(before, after, "mallory"));

    const check = github.bodyOf("PATCH", "check-runs/5");
    expect(check).toMatchObject({ conclusion: "action_required" });
    expect(summaryOf(check)).toContain(
      "Eval run on the golden set — ticked by @mallory, who is not a member of `@ds`; a member of `@ds` (@dana) must tick it.",
    );
  });

  it("a forged tick record in the description does not count", async () => {
    const before = await renderedBody();
    const forgedScope = { ...SCOPE, secret: "guessed" };
    const forged = tick(before, "prompt/golden-eval").replace(
      SECTION_END,
      `${TICK_RECORD.write({ "prompt/golden-eval": { by: "dana", at: "2026-11-22T10:00:00.000Z" } }, forgedScope)}\n${SECTION_END}`,
    );
    readsFor({ body: forged, reviews: approvedByDana, checkRuns: [{ id: 5, external_id: "squadgate:old" }] });
    descriptionWrite(forged);
    github.updateCheck(5);

    await receive("pull_request", webhook("pull_request.synchronize"));

    expect(github.bodyOf("PATCH", "check-runs/5")).toMatchObject({ conclusion: "action_required" });
  });

  it("an edit that leaves the description alone costs no API call", async () => {
    const payload = webhook("pull_request.opened");
    await receive("pull_request", { ...payload, action: "edited", changes: { title: { from: "Old" } } });
    expect(github.calls).toEqual([]);
  });

  it("our own description edits are not re-processed", async () => {
    await receive("pull_request", {
      ...edited("a", "b", "squadgate[bot]"),
      sender: { login: "squadgate[bot]", id: 1, type: "Bot" },
    });
    expect(github.calls).toEqual([]);
  });

  it("repairs a damaged section in one PATCH: one section, the author's text kept", async () => {
    const before = await renderedBody();
    const damaged = `${before.replace(SECTION_END, "")}\n\nA note I added.\n\n${before.slice(before.indexOf(SECTION_START))}`;
    readsFor({ body: damaged, reviews: approvedByDana, checkRuns: [{ id: 5, external_id: "squadgate:old" }] });
    descriptionWrite(damaged);
    github.updateCheck(5);

    await receive("pull_request", edited(before, damaged, "Codertocat"));

    const repaired = github.bodyOf("PATCH", `/pulls/${PR_NUMBER}`)["body"] as string;
    expect(repaired.split(SECTION_START)).toHaveLength(2);
    expect(repaired).toContain(AUTHOR_TEXT);
    expect(repaired).toContain("A note I added.");
  });

  it("someone edits the description while the gate runs: the section goes onto their text, nothing of it lost", async () => {
    readsFor({ body: AUTHOR_TEXT, reviews: approvedByDana });
    descriptionWrite(`${AUTHOR_TEXT}\n\nOne more thing.`);
    github.createCheck();
    await receive("pull_request", webhook("pull_request.opened"));
    const written = github.bodyOf("PATCH", `/pulls/${PR_NUMBER}`)["body"] as string;
    expect(written.startsWith(`${AUTHOR_TEXT}\n\nOne more thing.\n\n${SECTION_START}`)).toBe(true);
  });

  it("another app edits the description while a member's tick is handled: the tick is still credited", async () => {
    const before = await renderedBody();
    const after = tick(before, "prompt/golden-eval");
    readsFor({ body: after, reviews: approvedByDana, checkRuns: [{ id: 5, external_id: "squadgate:old" }] });
    descriptionWrite(`Summary by another app.\n\n${after}`);
    github.updateCheck(5);

    await receive("pull_request", edited(before, after, "dana"));

    const written = github.bodyOf("PATCH", `/pulls/${PR_NUMBER}`)["body"] as string;
    expect(written.startsWith("Summary by another app.")).toBe(true);
    expect(valueOr(TICK_RECORD.read(written, SCOPE), {})).toEqual({
      "prompt/golden-eval": { by: "dana", at: expect.any(String) },
    });
  });

  it("/checklist puts a deleted section back", async () => {
    const comment = webhook("issue_comment.created");
    readsFor({
      body: AUTHOR_TEXT,
      reviews: approvedByDana,
      checkRuns: [{ id: 5, external_id: "squadgate:old" }],
      command: true,
    });
    descriptionWrite(AUTHOR_TEXT);
    github.updateCheck(5).reaction(900);
    await receive("issue_comment", {
      ...comment,
      issue: { ...comment["issue"], number: PR_NUMBER },
      comment: { ...comment["comment"], id: 900, body: "/checklist", user: { login: OWNER, id: 1, type: "User" } },
      sender: { login: OWNER, id: 1, type: "User" },
    });
    expect(github.bodyOf("PATCH", `/pulls/${PR_NUMBER}`)["body"]).toContain(SECTION_START);
    expect(github.bodyOf("POST", "reactions")).toEqual({ content: "+1" });
  });

  it("checklists.where: comment keeps the checklist in one sticky comment instead", async () => {
    github
      .config(BASE_REF, `${CONFIG}  where: comment\n`)
      .pull(PR_NUMBER, livePullRequest({ body: AUTHOR_TEXT }))
      .files(PR_NUMBER, [changedFile("prompts/support.txt")])
      .checkRuns(HEAD_SHA, [])
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, [])
      .comments(PR_NUMBER, [])

      .requestReviewers(PR_NUMBER)
      .createComment(PR_NUMBER, 61)
      .createCheck();
    await receive("pull_request", webhook("pull_request.opened"));
    expect(writes()).toEqual([
      "POST /repos/Codertocat/Hello-World/pulls/2/requested_reviewers",
      "POST /repos/Codertocat/Hello-World/issues/2/comments",
      "POST /repos/Codertocat/Hello-World/check-runs",
    ]);
    expect(github.bodyOf("POST", "/issues/2/comments")["body"]).toMatch(
      /^<!-- squadgate:checklist -->\n<!-- squadgate:checklist:start -->\n## Squadgate checklist/,
    );
  });

  it("checklists.where: comment, a member ticks in our comment: credited, the check passes, the PR read once", async () => {
    const commentMode = `${CONFIG}  where: comment\n`;
    github
      .config(BASE_REF, commentMode)
      .pull(PR_NUMBER, livePullRequest({ body: AUTHOR_TEXT }))
      .files(PR_NUMBER, [changedFile("prompts/support.txt")])
      .checkRuns(HEAD_SHA, [])
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, approvedByDana)
      .comments(PR_NUMBER, [])

      .createComment(PR_NUMBER, 61)
      .createCheck(5);
    await receive("pull_request", webhook("pull_request.opened"));
    const before = github.bodyOf("POST", "/issues/2/comments")["body"] as string;
    const after = tick(before, "prompt/golden-eval");
    const ours = { id: 61, body: after, user: { login: "squadgate[bot]", type: "Bot" } };
    github.resetCounters();
    github
      .config(BASE_REF, commentMode)
      .pull(PR_NUMBER, livePullRequest({ body: AUTHOR_TEXT }))
      .files(PR_NUMBER, [changedFile("prompts/support.txt")])
      .checkRuns(HEAD_SHA, [{ id: 5, external_id: "squadgate:old" }])
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, approvedByDana)
      .comments(PR_NUMBER, [ours])
      .updateComment(61)
      .updateCheck(5);

    const event = webhook("issue_comment.created");
    await receive("issue_comment", {
      ...event,
      action: "edited",
      issue: { ...event["issue"], number: PR_NUMBER },
      comment: { ...event["comment"], ...ours },
      changes: { body: { from: before } },
      sender: { login: "dana", id: 9, type: "User" },
    });

    expect(github.lines.filter((line) => line === "GET /repos/Codertocat/Hello-World/pulls/2")).toHaveLength(1);
    const written = github.bodyOf("PATCH", "/issues/comments/61")["body"] as string;
    expect(valueOr(TICK_RECORD.read(written, SCOPE), {})).toEqual({
      "prompt/golden-eval": { by: "dana", at: expect.any(String) },
    });
    expect(github.bodyOf("PATCH", "check-runs/5")).toMatchObject({ conclusion: "success" });
  });
});
