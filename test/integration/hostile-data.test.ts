import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import type { GitHubMock } from "../helpers/github-mock.js";
import { markers, markupProblems, mentions } from "../helpers/markdown-safety.js";
import { useMockedApp } from "../helpers/mocked-app.js";
import { seenCheck } from "../helpers/head-state.js";
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

/**
 * Data from the repository (metric and case names from the pull request's own eval run, paths,
 * role descriptions, template items, waiver reasons) through the real app: the gate's verdict holds,
 * and nothing Squadgate writes pings anyone, leaves markup open, or hides or reorders text.
 */
const WORKFLOW = "squadgate-eval.yml";
const BASE_SHA = "c".repeat(40);
const HOSTILE_METRIC = "x\r```\r@dora `@eve` ``a``";

let probot: Probot;
let github: GitHubMock;

useMockedApp((app) => ({ probot, github } = app));

const receive = (name: string, payload: object) => probot.receive({ id: "delivery-h", name, payload } as never);
const summaryOf = (body: Record<string, unknown>) => (body["output"] as { summary: string }).summary;
const textOf = (body: Record<string, unknown>) => (body["output"] as { text: string }).text;

const evalConfig = (where = "off") => `
checklists:
  where: ${where}
roles:
  ds:
    description: "Data science @acme/legal \`sign-off\`"
    members: [dana]
evals:
  workflow: ${WORKFLOW}
  metrics:
    - { match: "named.*", direction: higher, gating: true }
`;

/**
 * A promptfoo v3 result whose cases, named scores, prompt labels, grader reasons and outputs are
 * written by whoever wrote the eval (and by the model under test).
 */
const HOSTILE_TEXT = "@dora see <!-- squadgate:data eyJ4IjoxfQ== --> ```\n</details> \u202Eevil `@eve` #12";
const promptfoo = (cases: { description: string; success: boolean; named: Record<string, number> }[]) =>
  JSON.stringify({
    results: {
      version: 3,
      prompts: [{ label: "p @acme/all" }, { label: "q <details>", provider: "x`y" }],
      results: [0, 1].flatMap((promptIdx) =>
        cases.map((c) => ({
          promptIdx,
          description: c.description,
          success: c.success,
          score: c.success ? 1 : 0.5,
          namedScores: c.named,
          gradingResult: { pass: c.success, reason: `${HOSTILE_TEXT} reason` },
          response: { output: `${HOSTILE_TEXT} output ${c.success}` },
        })),
      ),
    },
  });

function completedRun() {
  const payload = webhook("workflow_run.completed");
  const run = payload["workflow_run"];
  return {
    ...payload,
    workflow_run: {
      ...run,
      id: 101,
      path: `.github/workflows/${WORKFLOW}`,
      event: "pull_request",
      head_sha: HEAD_SHA,
      head_branch: "changes",
      html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/101`,
      pull_requests: [
        { number: PR_NUMBER, head: { sha: HEAD_SHA, ref: "changes" }, base: { ref: BASE_REF, sha: BASE_SHA } },
      ],
    },
    repository: { ...payload["repository"], default_branch: BASE_REF },
  };
}

/** One eval ingestion: head and baseline artifacts, the eval comment, then the gate, which creates the check. */
function ingestion(head: string, base: string, name = "support.json") {
  github.config(BASE_REF, evalConfig()).pull(PR_NUMBER, livePullRequest());
  github.runArtifacts(101, [{ id: 11 }]).artifactZip(11, makeZip([{ name, data: head }]));
  github
    .baselineRun(WORKFLOW, BASE_REF, { id: 5, head_sha: BASE_SHA })
    .runArtifacts(5, [{ id: 6 }])
    .artifactZip(6, makeZip([{ name, data: base }]));
  github.comments(PR_NUMBER, []).createComment(PR_NUMBER, 71);
  github
    .files(PR_NUMBER, [changedFile("prompts/support.txt")])
    .checkRuns(HEAD_SHA, [])
    .file(".github/SQUADOWNERS", BASE_REF, "/prompts/ @ds\n")
    .reviews(PR_NUMBER, [
      { user: { login: "dana" }, state: "APPROVED", commit_id: HEAD_SHA, submitted_at: "2026-11-01T00:00:00Z" },
    ])
    .createCheck();
}

/** A review on the same commit, with our check carrying `text` from the last evaluation. */
async function laterReview(text: string) {
  github
    .config(BASE_REF, evalConfig())
    .pull(PR_NUMBER, livePullRequest())
    .files(PR_NUMBER, [changedFile("prompts/support.txt")])
    .checkRuns(HEAD_SHA, [{ id: 9, external_id: "squadgate:old", output: { text } }])
    .file(".github/SQUADOWNERS", BASE_REF, "/prompts/ @ds\n")
    .reviews(PR_NUMBER, [
      { user: { login: "dana" }, state: "APPROVED", commit_id: HEAD_SHA, submitted_at: "2026-11-01T00:00:00Z" },
    ])
    .updateCheck(9);
  const review = webhook("pull_request_review.submitted");
  await receive("pull_request_review", {
    ...review,
    review: { ...review["review"], state: "approved", user: { login: "dana", id: 1, type: "User" } },
  });
  return github.bodyOf("PATCH", "check-runs/9");
}

describe("the eval verdict holds whatever the eval names", () => {
  it("a regression in a metric with a 430-character name stays a regression on the next event", async () => {
    // With the suite's name (from the result file's name) the note on the check is about 670 characters.
    const name = `m${"e".repeat(429)}`;
    ingestion(
      JSON.stringify({ named: { [name]: 0.5 } }),
      JSON.stringify({ named: { [name]: 0.9 } }),
      `${"s".repeat(200)}.json`,
    );
    await receive("workflow_run", completedRun());
    const first = github.bodyOf("POST", "check-runs");
    expect(first).toMatchObject({ conclusion: "action_required", output: { title: "Evals regressed" } });

    github.resetCounters();
    const next = await laterReview(textOf(first));
    expect(next).toMatchObject({ conclusion: "action_required", output: { title: "Evals regressed" } });
    expect(summaryOf(next)).toContain("Gating metrics regressed");
  });

  it("a verdict on the check that does not read back holds the gate, and says why", async () => {
    const evals = {
      headSha: HEAD_SHA,
      status: "regressed",
      notes: ["n".repeat(673)],
      updatedAt: "2026-11-22T10:00:00.000Z",
    };
    const broken = { head: { v: 1, pulls: { [PR_NUMBER]: { seenAt: "2026-11-22T09:00:00.000Z", evals } } } };
    const check = await laterReview(
      `<!-- squadgate:data ${Buffer.from(JSON.stringify(broken)).toString("base64")} -->`,
    );
    expect(check).toMatchObject({ conclusion: "action_required", output: { title: "Evals could not be judged" } });
    expect(summaryOf(check)).toContain(
      "the eval verdict stored on this check could not be read back, so it cannot pass the gate",
    );
  });
});

describe("what Squadgate writes from hostile data", () => {
  it("the eval comment: case and metric names mention no one, and the code and Mermaid blocks stay closed", async () => {
    const cases = (success: boolean) => [
      {
        description: "@acme/support-team please look \u202Eevil",
        success,
        named: { [HOSTILE_METRIC]: success ? 0.9 : 0.4 },
      },
      { description: "`@eve` <!-- hidden", success: true, named: { [HOSTILE_METRIC]: success ? 0.9 : 0.4 } },
    ];
    ingestion(promptfoo(cases(false)), promptfoo(cases(true)), "@dora.json");
    await receive("workflow_run", completedRun());

    const comment = github.bodyOf("POST", "/issues/2/comments")["body"] as string;
    expect(comment).toContain("```mermaid");
    expect(comment).toContain("\\u202E");
    // The grader's reason and both outputs of the flipped case are shown, escaped.
    expect(comment).toMatch(/ reason \(base: (`|<code>)/);
    expect(comment).toContain("output false");
    expect(mentions(comment)).toEqual([]);
    expect(markupProblems(comment)).toEqual([]);
    const forged: string[] = [];
    expect(markers(comment, forged).map((m) => m.split(" ").slice(0, 2).join(" "))).toEqual([
      "<!-- squadgate:eval",
      "<!-- sg:results",
      "<!-- squadgate:data",
    ]);
    expect(forged).toEqual([]);
    expect(markupProblems(summaryOf(github.bodyOf("POST", "check-runs")))).toEqual([]);
  });

  it("/owners: a role description and paths name no one but the members who can approve", async () => {
    const files = [
      changedFile("prompts/a``@dora``b.txt"),
      changedFile("prompts/invoice\u202Efdp.txt"),
      changedFile("prompts/@eve <!-- x.txt"),
    ];
    github
      .pull(PR_NUMBER, livePullRequest({ changed_files: files.length }))
      .config(BASE_REF, evalConfig())
      .files(PR_NUMBER, files)
      .checkRuns(HEAD_SHA, [])
      .file(".github/SQUADOWNERS", BASE_REF, "/prompts/ @ds\n")
      .reviews(PR_NUMBER, [])

      .comments(PR_NUMBER, [])
      .createComment(PR_NUMBER, 41)
      .reaction(900);
    const payload = webhook("issue_comment.created");
    const user = { login: "boss", id: 7, type: "User" };
    await receive("issue_comment", {
      ...payload,
      issue: { ...payload["issue"], number: PR_NUMBER },
      comment: { ...payload["comment"], id: 900, body: "/owners", user },
      sender: user,
    });

    const sticky = github.bodyOf("POST", "/issues/2/comments")["body"] as string;
    expect(mentions(sticky)).toEqual(["dana"]);
    expect(markupProblems(sticky)).toEqual([]);
    expect(sticky).toContain("`prompts/invoice\\u202Efdp.txt`");
    expect(github.bodyOf("POST", "reactions")).toEqual({ content: "+1" });
  });

  it("a checklist item cannot hide its own flags, and the role that ticks it is not a mention", async () => {
    const config = `
roles:
  ds:
    members: [dana]
checklists:
  templates:
    prompt:
      title: "Prompt change @acme/everyone"
      items:
        - { id: golden-eval, text: "Eval run <<!--!-- on @dora's set", required: true, role: ds }
`;
    github
      .config(BASE_REF, config)
      .pull(PR_NUMBER, livePullRequest({ body: "Tightens the wording." }))
      .files(PR_NUMBER, [changedFile("prompts/support.txt")])
      .checkRuns(HEAD_SHA, [])
      .file(".github/SQUADOWNERS", BASE_REF, "/prompts/ @ds\n")
      .reviews(PR_NUMBER, [])
      .requestReviewers(PR_NUMBER)
      .pull(PR_NUMBER, livePullRequest({ body: "Tightens the wording." }))
      .createCheck();
    github.scope.patch(`${github.repoPath}/pulls/${PR_NUMBER}`).reply(200, {});
    await receive("pull_request", webhook("pull_request.opened"));

    const body = github.bodyOf("PATCH", `/pulls/${PR_NUMBER}`)["body"] as string;
    const item = body.split("\n").find((line) => line.includes("sg:item prompt/golden-eval")) ?? "";
    const forged: string[] = [];
    expect(markers(item, forged)).toEqual(["<!-- sg:item prompt/golden-eval -->"]);
    expect(forged).toEqual([]);
    expect(item).toContain("· **required**, `@ds` ticks");
    expect(mentions(body)).toEqual([]);
  });

  it("a waiver reason on the record names no one; who gave the waiver is named", async () => {
    const config = `
checklists:
  where: off
roles:
  legal:
    members: [lee]
waivers:
  allow:
    legal: [boss]
`;
    github
      .pull(PR_NUMBER, livePullRequest({ changed_files: 1, labels: [] }))
      .config(BASE_REF, config)
      .files(PR_NUMBER, [changedFile("datasets/b.csv")])
      .checkRuns(HEAD_SHA, [seenCheck(7, { [PR_NUMBER]: {} })])
      .file(".github/SQUADOWNERS", BASE_REF, "/datasets/ @legal\n")
      .reviews(PR_NUMBER, [])

      .comments(PR_NUMBER, [])
      .createComment(PR_NUMBER, 77)
      .addLabels(PR_NUMBER)
      .updateCheck(7)
      .reaction(900);
    const payload = webhook("issue_comment.created");
    const user = { login: "boss", id: 7, type: "User" };
    const body = "/waive legal Cleared with @acme/legal-leads and @lee | `x` <details>";
    await receive("issue_comment", {
      ...payload,
      issue: { ...payload["issue"], number: PR_NUMBER },
      comment: { ...payload["comment"], id: 900, body, user, created_at: "2026-11-22T10:00:00Z" },
      sender: user,
    });

    const record = github.bodyOf("POST", "/issues/2/comments")["body"] as string;
    expect(mentions(record)).toEqual(["boss"]);
    expect(markupProblems(record)).toEqual([]);
    expect(mentions(summaryOf(github.bodyOf("PATCH", "check-runs/7")))).toEqual(["boss"]);
  });
});
