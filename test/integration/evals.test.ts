import { readFileSync } from "node:fs";
import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
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
import { makeZip } from "../helpers/zip.js";
import { renderWaiverRecord } from "../../src/core/render/record-comment.js";
import { TEST_SECRET } from "../helpers/test-probot.js";
import { seenCheck } from "../helpers/head-state.js";

const WORKFLOW = "squadgate-eval.yml";
const CONFIG = `
checklists:
  where: off
roles:
  ds:
    members: [dana]
evals:
  workflow: ${WORKFLOW}
  cooldown_minutes: 10
  metrics:
    - { match: named.groundedness, direction: higher, max_drop: 0.02, gating: true }
`;
const OWNERS = "/prompts/ @ds\n";
const BOT = { login: "squadgate[bot]", type: "Bot" };
const BASE_SHA = "c".repeat(40);
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/evals/${name}`, import.meta.url), "utf8");
/** An eval artifact: one suite's results and the commit the run evaluated (the head, unless said otherwise). */
const zipOf = (name: string, commit: string = HEAD_SHA) =>
  makeZip([
    { name: "support-golden.json", data: fixture(name) },
    { name: "squadgate-commit.txt", data: `${commit}\n` },
  ]);
const OLD_SHA = "d".repeat(40);
/** An eval comment as the bot left it: optional banner, results and data. */
const evalComment = (parts: { banner?: string; results?: string; data?: object }) => ({
  id: 71,
  user: BOT,
  body: [
    "<!-- squadgate:eval -->",
    parts.banner ?? "",
    "<!-- sg:results -->",
    parts.results ?? "",
    `<!-- squadgate:data ${Buffer.from(JSON.stringify({ version: 1, dispatches: [], ...parts.data })).toString("base64")} -->`,
  ].join("\n\n"),
});

let probot: Probot;
let github: GitHubMock;

useMockedApp((app) => ({ probot, github } = app));

const receive = (name: string, payload: object) => probot.receive({ id: "delivery-e", name, payload } as never);
const writes = () => github.writes.map((c) => `${c.method} ${c.path}`);
const summaryOf = (body: Record<string, unknown>) => (body["output"] as { summary: string }).summary;

/** GitHub's workflow_run.completed example as a run of our eval workflow. */
function completedRun(overrides: Record<string, unknown> = {}, id = 101) {
  const payload = webhook("workflow_run.completed");
  const run = payload["workflow_run"];
  return {
    ...payload,
    workflow_run: {
      ...run,
      id,
      path: `.github/workflows/${WORKFLOW}`,
      event: "pull_request",
      head_sha: HEAD_SHA,
      head_branch: "changes",
      html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/${id}`,
      pull_requests: [
        { number: PR_NUMBER, head: { sha: HEAD_SHA, ref: "changes" }, base: { ref: BASE_REF, sha: BASE_SHA } },
      ],
      head_repository: { ...run.head_repository },
      repository: { ...run.repository },
      ...overrides,
    },
    repository: { ...payload["repository"], default_branch: BASE_REF },
  };
}

/** Reads for one eval ingestion: head and baseline artifacts, the eval comment, then the gate. */
function ingestionReads(
  opts: {
    headZip?: Buffer;
    baseZip?: Buffer;
    comments?: object[];
    runId?: number;
    gate?: boolean;
    pr?: Record<string, unknown>;
  } = {},
) {
  const runId = opts.runId ?? 101;
  github.config(BASE_REF, CONFIG).pull(PR_NUMBER, livePullRequest(opts.pr));
  github.runArtifacts(runId, [{ id: 11 }]).artifactZip(11, opts.headZip ?? zipOf("promptfoo-v3.head.json"));
  github
    .baselineRun(WORKFLOW, BASE_REF, { id: 5, head_sha: BASE_SHA })
    .runArtifacts(5, [{ id: 6 }])
    .artifactZip(6, opts.baseZip ?? zipOf("promptfoo-v3.base.json", BASE_SHA));
  github.comments(PR_NUMBER, opts.comments ?? []);
  if (opts.gate !== false) {
    github
      .files(PR_NUMBER, [changedFile("prompts/support.txt")])
      .checkRuns(HEAD_SHA, [])
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, [
        { user: { login: "dana" }, state: "APPROVED", commit_id: HEAD_SHA, submitted_at: "2026-11-01T00:00:00Z" },
      ]);
  }
}

describe("eval diffs from the eval workflow", () => {
  it("a completed run: one sticky comment with the diff, and the gate fails on the gating regression", async () => {
    ingestionReads();
    github.createComment(PR_NUMBER, 71).createCheck();

    await receive("workflow_run", completedRun());

    expect(writes()).toEqual([
      "POST /repos/Codertocat/Hello-World/issues/2/comments",
      "POST /repos/Codertocat/Hello-World/check-runs",
    ]);
    const comment = github.bodyOf("POST", "/issues/2/comments")["body"] as string;
    expect(comment).toMatch(/^<!-- squadgate:eval -->/);
    expect(comment).toContain(
      "Head `ec26c3e` ([run](https://github.com/Codertocat/Hello-World/actions/runs/101)) against the latest successful run on master ([ccccccc](https://github.com/runs/5)).",
    );
    expect(comment).toContain(
      "| support-golden | `named.groundedness` | 0.8167 (n = 6) | 0.7567 (n = 6) | −0.06 (−7.3%) | within noise (paired t, p = 0.68) | 🔻 worse · ❌ may drop by at most 0.02 |",
    );
    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({ conclusion: "action_required", output: { title: "Evals regressed" } });
    expect(summaryOf(check)).toContain(
      "- ❌ Gating metrics regressed ([run](https://github.com/Codertocat/Hello-World/actions/runs/101)):\n  - support-golden · named.groundedness: 0.8167 → 0.7567 (may drop by at most 0.02)",
    );
  });

  it("the next run updates the same comment in place", async () => {
    const earlier = { id: 71, body: "<!-- squadgate:eval -->\n\n<!-- sg:results -->\n\nold", user: BOT };
    ingestionReads({ comments: [earlier], runId: 102, headZip: zipOf("promptfoo-v3.base.json") });
    github.updateComment(71).createCheck();

    await receive("workflow_run", completedRun({}, 102));

    expect(writes()).toEqual([
      "PATCH /repos/Codertocat/Hello-World/issues/comments/71",
      "POST /repos/Codertocat/Hello-World/check-runs",
    ]);
    expect(github.bodyOf("PATCH", "comments/71")["body"]).toContain(
      "✅ No gating metric regressed past its allowance.",
    );
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({ conclusion: "success" });
  });

  it("a waived regression: the gate reads the waiver from the comments already listed, not a second time", async () => {
    const waived = {
      version: 1 as const,
      waivers: [
        {
          id: "899",
          target: "evals",
          reason: "Groundedness drop accepted for the launch",
          by: "dana",
          at: "2026-11-22T09:00:00.000Z",
          headSha: HEAD_SHA,
          covers: [],
          coversAll: true,
        },
      ],
    };
    const scope = { secret: TEST_SECRET, pullRequest: `${OWNER}/${REPO}#${PR_NUMBER}`.toLowerCase() };
    const record = {
      id: 77,
      node_id: "IC_77",
      body: `<!-- squadgate:record -->\n${renderWaiverRecord(waived, scope)}`,
      user: BOT,
    };
    ingestionReads({ comments: [record], pr: { labels: [{ name: "squadgate: waiver" }] } });
    github.commentEditor("IC_77", null).createComment(PR_NUMBER, 71).createCheck();

    await receive("workflow_run", completedRun());

    expect(
      github.lines.filter((line) => line.startsWith("GET /repos/Codertocat/Hello-World/issues/2/comments")),
    ).toHaveLength(1);
    expect(writes()).toEqual([
      "POST /repos/Codertocat/Hello-World/issues/2/comments",
      "POST /repos/Codertocat/Hello-World/check-runs",
    ]);
    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({ conclusion: "success" });
    expect(summaryOf(check)).toContain("Groundedness drop accepted for the launch");
  });

  it("a later review keeps the eval verdict of this commit without reading artifacts again", async () => {
    const state = {
      headSha: HEAD_SHA,
      status: "regressed",
      notes: ["support-golden · named.groundedness: 0.8167 → 0.7567"],
      updatedAt: "2026-11-22T10:00:00.000Z",
    };
    const head = { v: 1, pulls: { [PR_NUMBER]: { seenAt: "2026-11-22T09:00:00.000Z", evals: state } } };
    const text = `<!-- squadgate:data ${Buffer.from(JSON.stringify({ head })).toString("base64")} -->`;
    github
      .config(BASE_REF, CONFIG)
      .pull(PR_NUMBER, livePullRequest())
      .files(PR_NUMBER, [changedFile("prompts/support.txt")])
      .checkRuns(HEAD_SHA, [{ id: 9, external_id: "squadgate:old", output: { text } }])
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, [
        { user: { login: "dana" }, state: "APPROVED", commit_id: HEAD_SHA, submitted_at: "2026-11-01T00:00:00Z" },
      ])
      .updateCheck(9);
    const review = webhook("pull_request_review.submitted");
    await receive("pull_request_review", {
      ...review,
      review: { ...review["review"], state: "approved", user: { login: "dana", id: 1, type: "User" } },
    });
    const check = github.bodyOf("PATCH", "check-runs/9");
    expect(check).toMatchObject({ conclusion: "action_required", output: { title: "Evals regressed", text } });
  });

  it("a fork's run is attributed through its head label; its numbers are shown but cannot pass the gate", async () => {
    const fork = {
      id: 999,
      name: "Hello-World",
      full_name: "forker/Hello-World",
      owner: { login: "forker", id: 5, type: "User" },
    };
    ingestionReads({ headZip: zipOf("promptfoo-v3.base.json") });
    github.scope
      .get(`${github.repoPath}/pulls`)
      .query({ state: "open", head: "forker:changes", per_page: "10" })
      .reply(200, [{ number: PR_NUMBER, head: { sha: HEAD_SHA, repo: { id: 999 } }, base: { ref: BASE_REF } }]);
    github.createComment(PR_NUMBER, 71).createCheck();

    await receive("workflow_run", completedRun({ pull_requests: [], head_repository: fork }));

    expect(github.bodyOf("POST", "/issues/2/comments")["body"]).toContain(
      "these results come from a fork's own workflow, so they cannot pass the gate",
    );
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({
      conclusion: "action_required",
      output: { title: "Evals could not be judged" },
    });
  });

  it("an oversized artifact is refused without downloading it, and the gate is not passed", async () => {
    github.config(BASE_REF, CONFIG).pull(PR_NUMBER, livePullRequest());
    github.runArtifacts(101, [{ id: 11, size_in_bytes: 300 * 1024 * 1024 }]);
    github
      .baselineRun(WORKFLOW, BASE_REF, { id: 5, head_sha: BASE_SHA })
      .runArtifacts(5, [{ id: 6 }])
      .artifactZip(6, zipOf("promptfoo-v3.base.json", BASE_SHA));
    github.comments(PR_NUMBER, []).createComment(PR_NUMBER, 71);
    github
      .files(PR_NUMBER, [changedFile("prompts/support.txt")])
      .checkRuns(HEAD_SHA, [])
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, [
        { user: { login: "dana" }, state: "APPROVED", commit_id: HEAD_SHA, submitted_at: "2026-11-01T00:00:00Z" },
      ])
      .createCheck();

    await receive("workflow_run", completedRun());

    expect(github.lines.some((l) => l.includes("/artifacts/11/zip"))).toBe(false);
    expect(github.bodyOf("POST", "/issues/2/comments")["body"]).toContain(
      'artifact "squadgate-evals" of run 101 is 300.0 MB; the limit is 25 MB (evals.max\\_artifact\\_mb)',
    );
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({ conclusion: "action_required" });
  });

  it("a malformed result file and a missing baseline are named in the comment", async () => {
    github.config(BASE_REF, CONFIG).pull(PR_NUMBER, livePullRequest());
    github.runArtifacts(101, [{ id: 11 }]).artifactZip(11, makeZip([{ name: "support-golden.json", data: "{oops" }]));
    github.baselineRun(WORKFLOW, BASE_REF, undefined);
    github.comments(PR_NUMBER, []).createComment(PR_NUMBER, 71);
    github
      .files(PR_NUMBER, [changedFile("prompts/support.txt")])
      .checkRuns(HEAD_SHA, [])
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, [])
      .requestReviewers(PR_NUMBER)
      .createCheck();

    await receive("workflow_run", completedRun());

    const comment = github.bodyOf("POST", "/issues/2/comments")["body"] as string;
    expect(comment).toContain('artifact "squadgate-evals" of run 101: support-golden.json: not valid JSON');
    expect(comment).toContain(
      `no baseline: ${WORKFLOW} has no successful push run on master, so nothing could be compared`,
    );
  });

  it("runs of other workflows cost one config read per repository, then nothing", async () => {
    github.config(BASE_REF, CONFIG);
    await receive("workflow_run", completedRun({ path: ".github/workflows/ci.yml" }));
    await receive("workflow_run", completedRun({ path: ".github/workflows/lint.yml" }));
    expect(github.lines).toEqual([
      "GET /repos/Codertocat/Hello-World/contents/.github/squadgate.yml?ref=refs/heads/master",
    ]);
  });

  it("a run that starts says so on the pull request", async () => {
    github
      .config(BASE_REF, CONFIG)
      .pull(PR_NUMBER, livePullRequest())
      .comments(PR_NUMBER, [])
      .createComment(PR_NUMBER, 71);
    await receive("workflow_run", {
      ...completedRun({ status: "in_progress", conclusion: null }),
      action: "in_progress",
    });
    expect(github.bodyOf("POST", "/issues/2/comments")["body"]).toContain(
      "⏳ An eval of `ec26c3e` is running ([run](https://github.com/Codertocat/Hello-World/actions/runs/101))",
    );
  });

  it("an older commit's results never replace the current head's, nor its running banner", async () => {
    const current = evalComment({
      banner: "⏳ An eval of `ec26c3e` is running",
      results: "### Squadgate eval diff\n\nHead `ec26c3e`.",
      data: { resultsSha: HEAD_SHA },
    });
    github.config(BASE_REF, CONFIG).pull(PR_NUMBER, livePullRequest()).comments(PR_NUMBER, [current]);
    const older = [
      { number: PR_NUMBER, head: { sha: OLD_SHA, ref: "changes" }, base: { ref: BASE_REF, sha: BASE_SHA } },
    ];

    await receive("workflow_run", completedRun({ head_sha: OLD_SHA, pull_requests: older }));

    expect(writes()).toEqual([]);
    expect(github.lines.some((l) => l.includes("/artifacts"))).toBe(false);
  });

  it("an older commit's run is still attributed, and shown as stale under the running banner when nothing current is shown", async () => {
    const running = evalComment({ banner: "⏳ An eval of `ec26c3e` is running" });
    ingestionReads({ comments: [running], gate: false });
    github.scope
      .get(`${github.repoPath}/pulls`)
      .query({ state: "open", head: "octo-org:changes", per_page: "10" })
      .reply(200, [{ number: PR_NUMBER, head: { sha: HEAD_SHA, repo: { id: 396980812 } }, base: { ref: BASE_REF } }]);
    github.updateComment(71);

    // GitHub lists no pull request for a commit that is no longer the head.
    await receive("workflow_run", completedRun({ head_sha: OLD_SHA, pull_requests: [] }));

    expect(writes()).toEqual(["PATCH /repos/Codertocat/Hello-World/issues/comments/71"]);
    const body = github.bodyOf("PATCH", "comments/71")["body"] as string;
    expect(body).toMatch(/^<!-- squadgate:eval -->\n⏳ An eval of `ec26c3e` is running/);
    expect(body).toContain(
      "These results are for `ddddddd`, which is no longer the head of this pull request (`ec26c3e`)",
    );
  });
});

describe("/eval", () => {
  function comment(body: string, login: string) {
    const payload = webhook("issue_comment.created");
    const user = { login, id: 7, type: "User" };
    return {
      ...payload,
      issue: { ...payload["issue"], number: PR_NUMBER },
      comment: { ...payload["comment"], id: 900, body, user, created_at: "2026-11-22T10:00:00Z" },
      sender: user,
    };
  }

  it("by someone with read access only: a polite refusal, nothing dispatched", async () => {
    github
      .pull(PR_NUMBER, livePullRequest())
      .config(BASE_REF, CONFIG)
      .permission("reader", "read")
      .reaction(900)
      .createComment(PR_NUMBER);
    await receive("issue_comment", comment("/eval", "reader"));
    expect(writes()).toEqual([
      "POST /repos/Codertocat/Hello-World/issues/comments/900/reactions",
      "POST /repos/Codertocat/Hello-World/issues/2/comments",
    ]);
    expect(github.bodyOf("POST", "/issues/2/comments")["body"]).toMatch(
      /^@reader thanks for asking! Only people with write access can run evals/,
    );
  });

  it("by a writer: dispatches the base branch's workflow on the head commit as it is now, acknowledges, and says it is running", async () => {
    github.pull(PR_NUMBER, livePullRequest()).config(BASE_REF, CONFIG).permission("dana", "write");
    github.checkRunsOnly(HEAD_SHA, [seenCheck(9, { [PR_NUMBER]: {} })]).comments(PR_NUMBER, []);
    github.scope.post(`${github.repoPath}/actions/workflows/${WORKFLOW}/dispatches`).reply(204);
    github.createComment(PR_NUMBER, 71).reaction(900);

    await receive("issue_comment", comment("/eval support-golden", "dana"));

    expect(github.bodyOf("POST", "/dispatches")).toEqual({
      ref: `refs/heads/${BASE_REF}`, // never a tag of the same name
      inputs: {
        sha: HEAD_SHA,
        pr: String(PR_NUMBER),
        suites: "support-golden",
        title: `Squadgate eval #${PR_NUMBER} ${HEAD_SHA} suites: support-golden`,
      },
    });
    expect(github.bodyOf("POST", "reactions")).toEqual({ content: "+1" });
    expect(github.bodyOf("POST", "/issues/2/comments")["body"]).toContain("⏳ An eval of `ec26c3e` is running");
  });

  it("a second /eval of the same commit while one runs is refused, as is one within the cooldown", async () => {
    const data = { version: 1, dispatches: [{ sha: HEAD_SHA, at: new Date().toISOString(), by: "dana", done: false }] };
    const body = `<!-- squadgate:eval -->\n\n<!-- sg:results -->\n\n<!-- squadgate:data ${Buffer.from(JSON.stringify(data)).toString("base64")} -->`;
    github
      .pull(PR_NUMBER, livePullRequest())
      .config(BASE_REF, CONFIG)
      .permission("max", "maintain")
      .checkRunsOnly(HEAD_SHA, [seenCheck(9, { [PR_NUMBER]: {} })]);
    github
      .comments(PR_NUMBER, [{ id: 71, body, user: BOT }])
      .reaction(900)
      .createComment(PR_NUMBER);
    await receive("issue_comment", comment("/eval", "max"));
    expect(github.bodyOf("POST", "/issues/2/comments")["body"]).toContain(
      "an eval of `ec26c3e` is already running (asked by @dana)",
    );
  });

  it("is refused when the head moved after the comment, so a push cannot swap the code being evaluated", async () => {
    github.pull(PR_NUMBER, livePullRequest()).config(BASE_REF, CONFIG).permission("dana", "write");
    github.checkRunsOnly(HEAD_SHA, [seenCheck(9, { [PR_NUMBER]: { seenAt: "2026-11-22T10:01:00.000Z" } })]);
    github.reaction(900).createComment(PR_NUMBER);
    await receive("issue_comment", comment("/eval", "dana"));
    expect(writes()).toEqual([
      "POST /repos/Codertocat/Hello-World/issues/comments/900/reactions",
      "POST /repos/Codertocat/Hello-World/issues/2/comments",
    ]);
    expect(github.bodyOf("POST", "/issues/2/comments")["body"]).toContain(
      "which Squadgate had not seen when you wrote your comment",
    );
  });

  /** What `/eval` leaves on record in the eval comment when it dispatches a run of `sha`. */
  const dispatchedComment = (sha = HEAD_SHA) =>
    evalComment({ data: { dispatches: [{ sha, at: "2026-11-22T10:00:00.000Z", by: "dana", done: false }] } });
  /** A run Squadgate's /eval dispatched on the base branch, titled for the pull request and commit. */
  const dispatchedRun = (overrides: Record<string, unknown> = {}) =>
    completedRun({
      event: "workflow_dispatch",
      pull_requests: [],
      head_branch: BASE_REF,
      head_sha: BASE_SHA,
      actor: { login: "squadgate[bot]" },
      display_title: `Squadgate eval #${PR_NUMBER} ${HEAD_SHA}`,
      ...overrides,
    });

  it("a dispatched run is attributed to its pull request by its title, and counts when Squadgate dispatched it", async () => {
    ingestionReads({ comments: [dispatchedComment()] });
    github.updateComment(71).createCheck();
    await receive("workflow_run", dispatchedRun());
    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({
      head_sha: HEAD_SHA,
      conclusion: "action_required",
      output: { title: "Evals regressed" },
    });
  });

  it("a run someone else dispatched, titled like Squadgate's, cannot pass the gate", async () => {
    // The attacker runs the base branch's workflow against an old, good commit and names it after the head.
    ingestionReads({ comments: [dispatchedComment()], headZip: zipOf("promptfoo-v3.base.json") });
    github.updateComment(71).createCheck();
    await receive("workflow_run", dispatchedRun({ actor: { login: "mallory" } }));
    expect(github.bodyOf("PATCH", "comments/71")["body"]).toContain(
      "this run was not dispatched by Squadgate's /eval (started by mallory",
    );
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({
      conclusion: "action_required",
      output: { title: "Evals could not be judged" },
    });
  });

  it("a run Squadgate's bot started but with no /eval of that commit on record cannot pass the gate", async () => {
    ingestionReads({ comments: [dispatchedComment(OLD_SHA)], headZip: zipOf("promptfoo-v3.base.json") });
    github.updateComment(71).createCheck();
    await receive("workflow_run", dispatchedRun());
    expect(github.bodyOf("PATCH", "comments/71")["body"]).toContain("no /eval of ec26c3e is on record");
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({ conclusion: "action_required" });
  });

  it.each([
    ["evaluated an older commit", zipOf("promptfoo-v3.base.json", OLD_SHA), "this run evaluated ddddddd, not ec26c3e"],
    [
      "does not say which commit it evaluated",
      makeZip([{ name: "support-golden.json", data: fixture("promptfoo-v3.base.json") }]),
      "this run does not say which commit it evaluated",
    ],
  ])("an artifact that %s cannot pass the gate, whatever its numbers", async (_what, headZip, message) => {
    ingestionReads({ headZip });
    github.createComment(PR_NUMBER, 71).createCheck();
    await receive("workflow_run", completedRun());
    expect(github.bodyOf("POST", "/issues/2/comments")["body"]).toContain(message);
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({
      conclusion: "action_required",
      output: { title: "Evals could not be judged" },
    });
  });

  it("a baseline run for a tag named like the base branch is passed over for the newest run on the branch itself", async () => {
    const tagged = "7".repeat(40);
    github.config(BASE_REF, CONFIG).pull(PR_NUMBER, livePullRequest());
    github.runArtifacts(101, [{ id: 11 }]).artifactZip(11, zipOf("promptfoo-v3.base.json"));
    github
      .baselineRun(WORKFLOW, BASE_REF, { id: 6, head_sha: tagged, onBranch: false }, [{ id: 5, head_sha: BASE_SHA }])
      .runArtifacts(5, [{ id: 7 }])
      .artifactZip(7, zipOf("promptfoo-v3.base.json", BASE_SHA));
    github
      .comments(PR_NUMBER, [])
      .files(PR_NUMBER, [changedFile("prompts/support.txt")])
      .checkRuns(HEAD_SHA, [])
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS);
    github.reviews(PR_NUMBER, [
      { user: { login: "dana" }, state: "APPROVED", commit_id: HEAD_SHA, submitted_at: "2026-11-01T00:00:00Z" },
    ]);
    github.createComment(PR_NUMBER, 71).createCheck();

    await receive("workflow_run", completedRun());

    expect(github.lines).toContain(
      `GET /repos/Codertocat/Hello-World/compare/${tagged}...${"e".repeat(40)}?per_page=1`,
    );
    expect(github.bodyOf("POST", "/issues/2/comments")["body"]).toContain(
      `against the latest successful run on master ([ccccccc](https://github.com/runs/5))`,
    );
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({ conclusion: "success" });
  });

  it("a dispatched run from a branch other than the base is shown but cannot pass the gate", async () => {
    ingestionReads({ headZip: zipOf("promptfoo-v3.base.json"), comments: [dispatchedComment()] });
    github.updateComment(71).createCheck();
    await receive("workflow_run", dispatchedRun({ head_branch: "changes" }));
    expect(github.bodyOf("PATCH", "comments/71")["body"]).toContain(
      "this run was dispatched from changes, not from the base branch master",
    );
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({
      conclusion: "action_required",
      output: { title: "Evals could not be judged" },
    });
  });

  it("a partial run (/eval <suite>) compares only the suites asked for, says so, and gives no verdict for skipped gating suites", async () => {
    const safety = { name: "safety.json", data: JSON.stringify({ named: { groundedness: 0.9 } }) };
    const baseZip = makeZip([
      { name: "support-golden.json", data: fixture("promptfoo-v3.base.json") },
      safety,
      { name: "squadgate-commit.txt", data: BASE_SHA },
    ]);
    ingestionReads({ headZip: zipOf("promptfoo-v3.base.json"), baseZip, comments: [dispatchedComment()] });
    github.updateComment(71).createCheck();
    await receive(
      "workflow_run",
      dispatchedRun({ display_title: `Squadgate eval #${PR_NUMBER} ${HEAD_SHA} suites: support-golden` }),
    );
    const comment = github.bodyOf("PATCH", "comments/71")["body"] as string;
    expect(comment).toContain("Partial run: only `support-golden` was asked for, so other suites were not compared.");
    expect(comment).not.toContain("| safety |");
    // safety has a gating metric it did not evaluate: the partial run shows numbers but gives no
    // verdict, so the head's verdict stays what it was (here: none yet, and none is required).
    expect(comment).toContain("safety has gating metrics but this partial run did not evaluate it");
    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({ conclusion: "success" });
    expect(summaryOf(check)).toContain("### Evals\n- No eval results for this commit.");
  });
});
