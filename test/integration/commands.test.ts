import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import type { GitHubMock } from "../helpers/github-mock.js";
import { useMockedApp } from "../helpers/mocked-app.js";
import { renderWaiverRecord } from "../../src/core/render/record-comment.js";
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
import { seenCheck } from "../helpers/head-state.js";

const CONFIG = `
checklists:
  where: off   # checklists have their own tests
roles:
  ds:
    members: [dana, ${OWNER}/data-science]
  legal:
    members: [lee]
waivers:
  allow:
    legal: [boss, ${OWNER}/legal-leads]
`;
const OWNERS = "/prompts/ @ds\n/datasets/ @ds @legal\n";
const NEW_SHA = "b".repeat(40);
const COMMENT_ID = 900;
const BOT = { login: "squadgate[bot]", type: "Bot" };
const SCOPE = { secret: TEST_SECRET, pullRequest: `${OWNER}/${REPO}#${PR_NUMBER}`.toLowerCase() };

let probot: Probot;
let github: GitHubMock;

useMockedApp((app) => ({ probot, github } = app));

/** GitHub's issue_comment.created example, on our pull request, written by `login`. */
function comment(body: string, login = "boss", type = "User") {
  const payload = webhook("issue_comment.created");
  const user = { login, id: 7, type };
  return {
    ...payload,
    issue: { ...payload["issue"], number: PR_NUMBER },
    comment: { ...payload["comment"], id: COMMENT_ID, body, user, created_at: "2026-11-22T10:00:00Z" },
    sender: user,
  };
}

const receive = (name: string, payload: object) => probot.receive({ id: "delivery-c", name, payload } as never);
const writes = () => github.writes.map((c) => `${c.method} ${c.path}`);
const review = (login: string, state: string, commit_id = HEAD_SHA) => ({
  user: { login },
  state,
  commit_id,
  submitted_at: "2026-11-01T00:00:00Z",
});

/** The reads behind a gate evaluation started from a comment (the PR itself is read first, once). */
function gateReads(opts: {
  files: object[];
  reviews?: object[];
  checkRuns?: object[];
  pr?: Record<string, unknown>;
  sha?: string;
  comments?: object[];
}) {
  github
    .pull(PR_NUMBER, livePullRequest({ changed_files: opts.files.length, labels: [], ...opts.pr }))
    .config(BASE_REF, CONFIG)
    .files(PR_NUMBER, opts.files)
    .checkRuns(opts.sha ?? HEAD_SHA, opts.checkRuns ?? [])
    .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
    .reviews(PR_NUMBER, opts.reviews ?? []);
  if (opts.comments) github.comments(PR_NUMBER, opts.comments);
}

/** A waiver of `@legal` for the dataset change, as `/waive` records it. */
const legalWaiver = (overrides: Record<string, unknown> = {}) => ({
  id: "899",
  target: "legal",
  reason: "Licence reviewed offline by counsel",
  by: "boss",
  at: "2026-11-22T09:00:00.000Z",
  headSha: HEAD_SHA,
  covers: ["datasets/b.csv"],
  coversAll: false,
  ...overrides,
});

/** A dataset PR carrying the waiver label and `recordComment`, opened: the check Squadgate posts. */
async function openedWithRecord(
  recordComment: object,
  reviews: object[] = [review("dana", "APPROVED")],
  opts: { asks?: boolean } = {},
) {
  github
    .config(BASE_REF, CONFIG)
    .pull(PR_NUMBER, livePullRequest({ labels: [{ name: "squadgate: waiver" }] }))
    .files(PR_NUMBER, [changedFile("datasets/b.csv")])
    .checkRuns(HEAD_SHA, [])
    .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
    .reviews(PR_NUMBER, reviews)
    .comments(PR_NUMBER, [recordComment])
    .createCheck();
  if (opts.asks !== false) github.requestReviewers(PR_NUMBER);
  await receive("pull_request", webhook("pull_request.opened"));
  const check = github.bodyOf("POST", "check-runs");
  return { conclusion: check["conclusion"], summary: (check["output"] as { summary: string }).summary };
}

describe("comment commands", () => {
  it("ignores comments from bots entirely", async () => {
    await receive("issue_comment", comment("/recheck", "other-app[bot]", "Bot"));
    expect(github.calls).toEqual([]);
  });

  it("ignores comments without a command, and commands on issues", async () => {
    await receive("issue_comment", comment("Looks good, but see /recheck in the docs"));
    const onIssue = comment("/recheck");
    delete (onIssue.issue as Record<string, unknown>)["pull_request"];
    await receive("issue_comment", onIssue);
    expect(github.calls).toEqual([]);
  });

  it("an unknown command gets a usage hint and a confused reaction, nothing else", async () => {
    github.reaction(COMMENT_ID).createComment(PR_NUMBER);
    await receive("issue_comment", comment("/lgtm"));
    expect(github.bodyOf("POST", "reactions")).toEqual({ content: "confused" });
    expect(github.bodyOf("POST", "/comments")["body"]).toMatch(
      /^@boss `\/lgtm` is not a Squadgate command\. Try `\/help`/,
    );
    expect(writes()).toHaveLength(2);
  });

  it("/help lists the commands and what this user may do", async () => {
    github
      .pull(PR_NUMBER, livePullRequest())
      .config(BASE_REF, CONFIG)
      .teamMembers(OWNER, "legal-leads", ["lena"])
      .permission("lena", "triage")
      .reaction(COMMENT_ID)
      .createComment(PR_NUMBER);

    await receive("issue_comment", comment("/help", "lena"));

    const reply = github.bodyOf("POST", "/issues/2/comments")["body"] as string;
    expect(reply).toMatch(/^@lena Squadgate understands these commands/);
    expect(reply).toContain("| `/recheck` | re-evaluate the gate now, re-reading team membership | ✅ |");
    expect(reply).toContain(
      "| `/waive <role\\|evals\\|checklist\\|agents> <reason>` | waive a requirement, on the record, until a file it covers changes | ✅ |",
    );
    expect(reply).toContain(
      "| `/eval [suite ...]` | run the eval workflow on this head commit and post the diff | — |",
    );
    expect(reply).toContain("You may waive: `legal`.");
  });

  it("/owners posts one sticky comment and leaves it when nothing changed", async () => {
    gateReads({ files: [changedFile("datasets/b.csv")], reviews: [review("dana", "APPROVED")] });
    github.comments(PR_NUMBER, []).createComment(PR_NUMBER, 41).reaction(COMMENT_ID);
    await receive("issue_comment", comment("/owners"));
    const sticky = github.bodyOf("POST", "/issues/2/comments")["body"] as string;
    expect(sticky).toMatch(/^<!-- squadgate:owners -->\n### Squadgate owners/);
    expect(sticky).toContain("Still missing: `@legal` (0/1).");
    expect(sticky).toContain("| `datasets/b.csv` | dataset | `@ds` `@legal` (line 2: `/datasets/`) |");

    gateReads({ files: [changedFile("datasets/b.csv")], reviews: [review("dana", "APPROVED")] });
    github.comments(PR_NUMBER, [{ id: 41, body: sticky, user: BOT }]).reaction(COMMENT_ID);
    await receive("issue_comment", comment("/owners"));
    expect(writes()).toEqual([
      "POST /repos/Codertocat/Hello-World/issues/2/comments",
      "POST /repos/Codertocat/Hello-World/issues/comments/900/reactions",
      "POST /repos/Codertocat/Hello-World/issues/comments/900/reactions",
    ]);
  });

  it("/recheck by the author forgets cached team membership and re-runs the gate", async () => {
    gateReads({
      files: [changedFile("prompts/a.txt")],
      reviews: [review("dora", "APPROVED")],
      checkRuns: [seenCheck(7, { [PR_NUMBER]: {} })],
    });
    github.teamMembers(OWNER, "data-science", ["dora"]).updateCheck(7).reaction(COMMENT_ID);
    await receive("issue_comment", comment("/recheck", OWNER));
    expect(github.bodyOf("PATCH", "check-runs/7")).toMatchObject({ conclusion: "success" });
    expect(github.bodyOf("POST", "reactions")).toEqual({ content: "+1" });
  });

  it("/recheck by someone with a custom repository role counts the base role it builds on", async () => {
    gateReads({ files: [changedFile("prompts/a.txt")], checkRuns: [seenCheck(7, { [PR_NUMBER]: {} })] });
    github.permission("rina", "ml-reviewer", "write").updateCheck(7).requestReviewers(PR_NUMBER).reaction(COMMENT_ID);
    await receive("issue_comment", comment("/recheck", "rina"));
    expect(github.bodyOf("POST", "reactions")).toEqual({ content: "+1" });
    expect(github.bodyOf("PATCH", "check-runs/7")).toMatchObject({ conclusion: "action_required" });
  });

  it("/recheck by someone with read access only is refused", async () => {
    github
      .pull(PR_NUMBER, livePullRequest())
      .permission("mallory", "read")
      .reaction(COMMENT_ID)
      .createComment(PR_NUMBER);
    await receive("issue_comment", comment("/recheck", "mallory"));
    expect(github.bodyOf("POST", "/issues/2/comments")["body"]).toMatch(
      /only the pull request's author and people with triage access/,
    );
  });

  it("/waive by someone the config does not allow: refused, nothing recorded or changed", async () => {
    gateReads({ files: [changedFile("datasets/b.csv")], comments: [] });
    github.teamMembers(OWNER, "legal-leads", ["lena"]).reaction(COMMENT_ID).createComment(PR_NUMBER);
    await receive("issue_comment", comment("/waive legal Licence reviewed offline by counsel", "mallory"));
    expect(writes()).toEqual([
      "POST /repos/Codertocat/Hello-World/issues/comments/900/reactions",
      "POST /repos/Codertocat/Hello-World/issues/2/comments",
    ]);
    expect(github.bodyOf("POST", "reactions")).toEqual({ content: "confused" });
    expect(github.bodyOf("POST", "/issues/2/comments")["body"]).toContain("you may not waive `legal`");
  });

  it("/waive by the PR's author is refused even when listed", async () => {
    gateReads({ files: [changedFile("datasets/b.csv")], pr: { user: { login: "boss" } }, comments: [] });
    github.reaction(COMMENT_ID).createComment(PR_NUMBER);
    await receive("issue_comment", comment("/waive legal Licence reviewed offline by counsel", "boss"));
    expect(github.bodyOf("POST", "/issues/2/comments")["body"]).toContain("never on their own pull request");
  });

  it("/waive without a reason is refused before anything is read", async () => {
    github.reaction(COMMENT_ID).createComment(PR_NUMBER);
    await receive("issue_comment", comment("/waive legal"));
    expect(github.bodyOf("POST", "/issues/2/comments")["body"]).toBe(
      "@boss a waiver needs a reason. Usage: `/waive <role|evals|checklist|agents> <reason>`",
    );
  });

  it("/waive lifts the gate, on the record; a push to a covered file voids it", async () => {
    // 1. boss waives legal: the record comment, the label and the check.
    gateReads({
      files: [changedFile("datasets/b.csv")],
      reviews: [review("dana", "APPROVED")],
      checkRuns: [seenCheck(7, { [PR_NUMBER]: {} })],
    });
    github
      .comments(PR_NUMBER, [])
      .createComment(PR_NUMBER, 77)
      .addLabels(PR_NUMBER)
      .updateCheck(7)
      .reaction(COMMENT_ID);
    await receive("issue_comment", comment("/waive legal Licence reviewed offline by counsel"));

    expect(writes()).toEqual([
      "POST /repos/Codertocat/Hello-World/issues/2/comments",
      "POST /repos/Codertocat/Hello-World/issues/2/labels",
      "PATCH /repos/Codertocat/Hello-World/check-runs/7",
      "POST /repos/Codertocat/Hello-World/issues/comments/900/reactions",
    ]);
    const record = github.bodyOf("POST", "/issues/2/comments")["body"] as string;
    expect(record).toMatch(/^<!-- squadgate:record -->\n### Squadgate waivers/);
    expect(record).toContain(
      "| `@legal` | @boss | [2026-11-22T10:00:00.000Z](https://github.com/Codertocat/Hello-World/issues/1#issuecomment-492700400) | Licence reviewed offline by counsel | 1 file at `ec26c3e` | until a covered file changes |",
    );
    expect(github.bodyOf("POST", "/labels")).toEqual({ labels: ["squadgate: waiver"] });
    const check = github.bodyOf("PATCH", "check-runs/7");
    expect(check).toMatchObject({
      conclusion: "success",
      output: { title: "All 2 required roles approved (1 by waiver)" },
    });
    expect((check["output"] as { summary: string }).summary).toContain(
      "- 🟡 `@legal` waived by @boss at 2026-11-22T10:00:00.000Z: Licence reviewed offline by counsel",
    );

    // 2. A push changes the covered dataset: the waiver (and dana's approval) no longer count.
    const push = webhook("pull_request.synchronize");
    push["pull_request"].head.sha = NEW_SHA;
    github
      .config(BASE_REF, CONFIG)
      .pull(
        PR_NUMBER,
        livePullRequest({
          head: { ...livePullRequest()["head"], sha: NEW_SHA },
          labels: [{ name: "squadgate: waiver" }],
        }),
      )
      .files(PR_NUMBER, [changedFile("datasets/b.csv")])
      .checkRuns(NEW_SHA, [])
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, [review("dana", "APPROVED")])
      .comments(PR_NUMBER, [{ id: 77, node_id: "IC_77", body: record, user: BOT }])
      .commentEditor("IC_77", null)
      .compare(HEAD_SHA, NEW_SHA, { status: "ahead", files: ["datasets/b.csv"] })
      .requestReviewers(PR_NUMBER)
      .createCheck(8);
    await receive("pull_request", push);

    const after = github.bodyOf("POST", "check-runs");
    expect(after).toMatchObject({
      head_sha: NEW_SHA,
      conclusion: "action_required",
      output: { title: "Waiting for @ds, @legal (0 of 2 approved)" },
    });
    expect((after["output"] as { summary: string }).summary).toContain(
      "- `@legal` waiver by @boss no longer applies: datasets/b.csv changed since ec26c3e",
    );
    expect(github.bodyOf("POST", "requested_reviewers")).toEqual({
      reviewers: ["lee"],
      team_reviewers: ["data-science"],
    });
  });

  it("a forged record (marker right, author wrong) is ignored", async () => {
    const forged = "<!-- squadgate:record -->\n<!-- squadgate:data eyJ2ZXJzaW9uIjoxLCJ3YWl2ZXJzIjpbXX0= -->";
    const check = await openedWithRecord(
      { id: 5, body: forged, user: { login: "github-actions[bot]", type: "Bot" } },
      [],
    );
    expect(check.conclusion).toBe("action_required");
  });

  it("a waiver typed into our record comment by someone with write access does not count, and the check says so", async () => {
    const genuine = renderWaiverRecord({ version: 1, waivers: [] }, SCOPE);
    const typedIn = Buffer.from(
      JSON.stringify({ version: 1, waivers: [legalWaiver({ reason: "trust me" })] }),
    ).toString("base64url");
    const edited = genuine.replace(/(squadgate:signed )[^.]+/, `$1${typedIn}`);
    const check = await openedWithRecord({ id: 77, body: `<!-- squadgate:record -->\n${edited}`, user: BOT });
    expect(check.conclusion).toBe("action_required");
    expect(check.summary).toContain(
      "waiver record: the waiver record comment was edited by hand or is damaged, so no waiver on it counts",
    );
  });

  it("an older genuine record pasted back into our comment (to revive a waiver taken back) does not count", async () => {
    const old = { version: 1 as const, writtenAt: "2026-11-22T09:00:00.000Z", waivers: [legalWaiver()] };
    const check = await openedWithRecord({
      id: 77,
      body: `<!-- squadgate:record -->\n${renderWaiverRecord(old, SCOPE)}`,
      user: BOT,
      updated_at: "2026-11-23T08:00:00Z",
    });
    expect(check.conclusion).toBe("action_required");
    expect(check.summary).toContain("waiver record: the waiver record comment was edited by hand");
  });

  it("a genuine record pasted back within minutes still does not count: GitHub says someone other than our bot edited the comment", async () => {
    // Written at 10:00 with an active waiver, later taken back; the old text is pasted back at 10:05.
    const old = { version: 1 as const, writtenAt: "2026-11-22T10:00:00.000Z", waivers: [legalWaiver()] };
    github.commentEditor("IC_77", { login: "mallory" });
    const check = await openedWithRecord({
      id: 77,
      node_id: "IC_77",
      body: `<!-- squadgate:record -->\n${renderWaiverRecord(old, SCOPE)}`,
      user: BOT,
      updated_at: "2026-11-22T10:05:00Z",
    });
    expect(check.conclusion).toBe("action_required");
    expect(check.summary).toContain("waiver record: the waiver record comment was edited by hand");
  });

  it("the same record left as our bot wrote it counts", async () => {
    const old = { version: 1 as const, writtenAt: "2026-11-22T10:00:00.000Z", waivers: [legalWaiver()] };
    github.commentEditor("IC_77", { login: "squadgate", bot: true });
    const check = await openedWithRecord(
      {
        id: 77,
        node_id: "IC_77",
        body: `<!-- squadgate:record -->\n${renderWaiverRecord(old, SCOPE)}`,
        user: BOT,
        updated_at: "2026-11-22T10:00:01Z",
      },
      undefined,
      { asks: false },
    );
    expect(check.conclusion).toBe("success");
  });

  it("removing the waiver label ends the waivers on the record at once, so putting the label back by hand revives nothing", async () => {
    const waived = { version: 1 as const, writtenAt: "2026-11-22T10:00:00.000Z", waivers: [legalWaiver()] };
    const record = {
      id: 77,
      node_id: "IC_77",
      body: `<!-- squadgate:record -->\n${renderWaiverRecord(waived, SCOPE)}`,
      user: BOT,
    };
    gateReads({
      files: [changedFile("datasets/b.csv")],
      reviews: [review("dana", "APPROVED")],
      checkRuns: [seenCheck(7, { [PR_NUMBER]: {} })],
      comments: [record],
    });
    github.commentEditor("IC_77", null).updateComment(77).requestReviewers(PR_NUMBER).updateCheck(7);
    const unlabeled = {
      ...webhook("pull_request.opened"),
      action: "unlabeled",
      label: { name: "squadgate: waiver" },
      sender: { login: "mallory", type: "User" },
    };

    await receive("pull_request", unlabeled);

    const rewritten = github.bodyOf("PATCH", "issues/comments/77")["body"] as string;
    expect(rewritten).toContain(
      "| Licence reviewed offline by counsel | 1 file at `ec26c3e` | ended when the squadgate: waiver label was removed at ",
    );
    expect(writes()).not.toContain("POST /repos/Codertocat/Hello-World/issues/2/labels");
    expect(github.bodyOf("PATCH", "check-runs/7")).toMatchObject({ conclusion: "action_required" });

    // The label is put back by hand: the record (rewritten by our bot) says the waiver ended.
    github.resetCounters();
    github.commentEditor("IC_78", null);
    const check = await openedWithRecord({ id: 78, node_id: "IC_78", body: rewritten, user: BOT });
    expect(check.conclusion).toBe("action_required");
    expect(check.summary).toContain(
      "`@legal` waiver by @boss no longer applies: ended when the squadgate: waiver label was removed",
    );
  });

  it("/waive is refused when the head moved after the comment: the waiver would cover code the commenter never saw", async () => {
    // Squadgate first saw this head at 10:00:30, after the 10:00 comment: a push came right after it.
    gateReads({
      files: [changedFile("datasets/b.csv")],
      reviews: [review("dana", "APPROVED")],
      checkRuns: [seenCheck(7, { [PR_NUMBER]: { seenAt: "2026-11-22T10:00:30.000Z" } })],
      comments: [],
    });
    github.reaction(COMMENT_ID).createComment(PR_NUMBER);

    await receive("issue_comment", comment("/waive legal Licence reviewed offline by counsel"));

    expect(writes()).toEqual([
      "POST /repos/Codertocat/Hello-World/issues/comments/900/reactions",
      "POST /repos/Codertocat/Hello-World/issues/2/comments",
    ]);
    expect(github.bodyOf("POST", "/issues/2/comments")["body"]).toContain(
      "the head of this pull request is now `ec26c3e`, which Squadgate had not seen when you wrote your comment",
    );
    expect(github.bodyOf("POST", "reactions")).toEqual({ content: "confused" });
  });

  it("/waive after our record was edited by hand: the edited comment stays as evidence, a new record starts", async () => {
    const genuine = renderWaiverRecord({ version: 1, waivers: [] }, SCOPE);
    const edited = genuine.replace(/(squadgate:signed )[^.]+/, `$1${Buffer.from("{}").toString("base64url")}`);
    gateReads({
      files: [changedFile("datasets/b.csv")],
      reviews: [review("dana", "APPROVED")],
      checkRuns: [seenCheck(7, { [PR_NUMBER]: {} })],
      pr: { labels: [{ name: "squadgate: waiver" }] },
      comments: [{ id: 77, body: `<!-- squadgate:record -->\n${edited}`, user: BOT }],
    });
    github.createComment(PR_NUMBER, 78).updateCheck(7).reaction(COMMENT_ID);

    await receive("issue_comment", comment("/waive legal Licence reviewed offline by counsel"));

    expect(writes()).toEqual([
      "POST /repos/Codertocat/Hello-World/issues/2/comments",
      "PATCH /repos/Codertocat/Hello-World/check-runs/7",
      "POST /repos/Codertocat/Hello-World/issues/comments/900/reactions",
    ]);
    expect(github.bodyOf("POST", "/issues/2/comments")["body"]).toMatch(
      /^<!-- squadgate:record -->\n### Squadgate waivers/,
    );
    expect(github.bodyOf("PATCH", "check-runs/7")).toMatchObject({ conclusion: "success" });
  });

  it("after the label was removed, a new /waive keeps the history but not the waivers the removal ended", async () => {
    const earlier = { version: 1 as const, waivers: [legalWaiver()] };
    gateReads({
      files: [changedFile("datasets/b.csv")],
      reviews: [review("dana", "APPROVED")],
      checkRuns: [seenCheck(7, { [PR_NUMBER]: {} })],
      comments: [
        {
          id: 77,
          node_id: "IC_77",
          body: `<!-- squadgate:record -->\n${renderWaiverRecord(earlier, SCOPE)}`,
          user: BOT,
        },
      ],
    });
    github.commentEditor("IC_77", null).updateComment(77).addLabels(PR_NUMBER).updateCheck(7).reaction(COMMENT_ID);

    await receive("issue_comment", comment("/waive legal Counsel signed off the new licence too"));

    const record = github.bodyOf("PATCH", "issues/comments/77")["body"] as string;
    expect(record).toContain(
      "| Licence reviewed offline by counsel | 1 file at `ec26c3e` | ended when the squadgate: waiver label was removed at ",
    );
    expect(record).toContain(
      "| Counsel signed off the new licence too | 1 file at `ec26c3e` | until a covered file changes |",
    );
    expect(github.bodyOf("PATCH", "check-runs/7")).toMatchObject({ conclusion: "success" });
  });

  it("/waive then /unwaive in one comment: the second command sees the label the first added", async () => {
    gateReads({
      files: [changedFile("datasets/b.csv")],
      reviews: [review("dana", "APPROVED")],
      checkRuns: [seenCheck(7, { [PR_NUMBER]: {} })],
      comments: [],
    });
    github.createComment(PR_NUMBER, 77).addLabels(PR_NUMBER).updateCheck(7);
    const written = () => [
      { id: 77, node_id: "IC_77", body: github.bodyOf("POST", "/issues/2/comments")["body"], user: BOT },
    ];
    github
      .pull(PR_NUMBER, livePullRequest({ labels: [{ name: "squadgate: waiver" }] }))
      .config(BASE_REF, CONFIG)
      .files(PR_NUMBER, [changedFile("datasets/b.csv")])
      .checkRuns(HEAD_SHA, [seenCheck(7, { [PR_NUMBER]: {} })])
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, [review("dana", "APPROVED")]);
    github.scope
      .get(`${github.repoPath}/issues/${PR_NUMBER}/comments`)
      .query({ per_page: "100" })
      .reply(200, () => written());
    github
      .commentEditor("IC_77", null)
      .updateComment(77)
      .requestReviewers(PR_NUMBER)
      .updateCheck(7)
      .reaction(COMMENT_ID);

    await receive("issue_comment", comment("/waive legal Licence reviewed offline by counsel\n/unwaive legal"));

    expect(github.bodyOf("PATCH", "issues/comments/77")["body"]).toMatch(/taken back by @boss at /);
    expect(github.bodyOf("POST", "reactions")).toEqual({ content: "+1" });
  });

  it("/unwaive takes the waiver back and keeps it on the record", async () => {
    const waived = { version: 1 as const, waivers: [legalWaiver()] };
    const record = `<!-- squadgate:record -->\n${renderWaiverRecord(waived, SCOPE)}`;
    gateReads({
      files: [changedFile("datasets/b.csv")],
      reviews: [review("dana", "APPROVED")],
      checkRuns: [seenCheck(7, { [PR_NUMBER]: {} })],
      pr: { labels: [{ name: "squadgate: waiver" }], requested_reviewers: [{ login: "lee" }] },
      comments: [{ id: 77, node_id: "IC_77", body: record, user: BOT }],
    });
    github.commentEditor("IC_77", null).updateComment(77).updateCheck(7).reaction(COMMENT_ID);

    await receive("issue_comment", comment("/unwaive legal"));

    expect(github.bodyOf("PATCH", "issues/comments/77")["body"]).toMatch(/taken back by @boss at /);
    expect(github.bodyOf("PATCH", "check-runs/7")).toMatchObject({ conclusion: "action_required" });
  });
});
