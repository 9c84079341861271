import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { limitRefusal } from "../helpers/github-limits.js";
import type { GitHubMock } from "../helpers/github-mock.js";
import { markupProblems } from "../helpers/markdown-safety.js";
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

/**
 * Large data through the real app, against a mock that refuses what GitHub refuses (bodies past
 * its limits, more than 15 reviewers): every output degrades within the limits instead, and the
 * check is always written.
 */
let probot: Probot;
let github: GitHubMock;

useMockedApp((app) => ({ probot, github } = app));

const receive = (name: string, payload: object) => probot.receive({ id: "delivery-s", name, payload } as never);
const summaryOf = (body: Record<string, unknown>) => (body["output"] as { summary: string }).summary;
const longPath = (i: number) => `prompts/${"a-rather-deep-folder/".repeat(12)}${"n".repeat(30)}-${i}.txt`;

function commentBy(login: string, body: string) {
  const payload = webhook("issue_comment.created");
  const user = { login, id: 7, type: "User" };
  return {
    ...payload,
    issue: { ...payload["issue"], number: PR_NUMBER },
    comment: { ...payload["comment"], id: 900, body, user, created_at: "2026-11-22T10:00:00Z" },
    sender: user,
  };
}

function reads(
  config: string,
  files: object[],
  owners: string,
  extra: { reviews?: object[]; pr?: Record<string, unknown> } = {},
) {
  github
    .config(BASE_REF, config)
    .pull(PR_NUMBER, livePullRequest({ changed_files: files.length, ...extra.pr }))
    .files(PR_NUMBER, files)
    .checkRuns(HEAD_SHA, [])
    .file(".github/SQUADOWNERS", BASE_REF, owners)
    .reviews(PR_NUMBER, extra.reviews ?? []);
}

describe("GitHub's size limits", () => {
  it("a 300-item template file with the checklist in a comment: an error naming file and line, and the check is written", async () => {
    const template = [
      "# Prompt change",
      ...Array.from(
        { length: 300 },
        (_, i) => `- [ ] [item-${i}] (required) ${"Check the golden set carefully. ".repeat(6)}`,
      ),
    ].join("\n");
    const config = `
roles:
  ds:
    members: [dana]
checklists:
  where: comment
  templates:
    prompt: { file: .github/squadgate/prompt.md }
`;
    reads(config, [changedFile("prompts/support.txt")], "/prompts/ @ds\n");
    github.file(".github/squadgate/prompt.md", BASE_REF, template).comments(PR_NUMBER, []).createCheck();
    // A checklist comment of all 300 items would be 67,000 characters: GitHub would refuse it.
    // (Without the template's error, dana would also be asked to review.)
    github.scope.post(`${github.repoPath}/pulls/${PR_NUMBER}/requested_reviewers`).optionally().reply(201, {});
    github.scope
      .post(`${github.repoPath}/issues/${PR_NUMBER}/comments`)
      .optionally()
      .reply((_uri, body) => limitRefusal("body", body) ?? [201, { id: 1 }]);

    await receive("pull_request", webhook("pull_request.opened"));

    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({ conclusion: "failure" });
    expect(summaryOf(check)).toContain(
      ".github/squadgate/prompt.md:32: a template has at most 30 items; this file has 300",
    );
    expect(github.writes.filter((c) => c.path.includes("/comments"))).toEqual([]);
  });

  /** At GitHub's 3,000-file listing the trees confirm there is nothing more. */
  const listedInFull = (files: { filename: string }[]) =>
    github
      .mergeBase(livePullRequest()["base"].sha, HEAD_SHA, "d".repeat(40))
      .tree(
        HEAD_SHA,
        files.map((f) => f.filename),
        { version: () => "2".repeat(40) },
      )
      .tree("d".repeat(40), []);

  it("/owners on a 3,000-file pull request with long paths: one comment within the limit, acknowledged", async () => {
    const files = Array.from({ length: 3000 }, (_, i) => changedFile(longPath(i)));
    reads("checklists:\n  where: off\nroles:\n  ds:\n    members: [dana]\n", files, "/prompts/ @ds\n");
    listedInFull(files);
    github.comments(PR_NUMBER, []).createComment(PR_NUMBER, 41).reaction(900);

    await receive("issue_comment", commentBy("boss", "/owners"));

    const sticky = github.bodyOf("POST", "/issues/2/comments")["body"] as string;
    expect(sticky.length).toBeLessThanOrEqual(65_536);
    expect(sticky).toContain("Still missing: `@ds` (0/1).");
    expect(sticky).toMatch(/\d+ more not shown; `squadgate check --json` lists every file\.$/);
    expect(markupProblems(sticky)).toEqual([]);
    expect(github.bodyOf("POST", "reactions")).toEqual({ content: "+1" });
  });

  it("2,000 ownership problems and 3,000 long paths: the check gives the totals and closes its folded list", async () => {
    const owners = ["/prompts/ @ds", ...Array.from({ length: 2000 }, (_, i) => `!prompts/skip-${i}.txt @ds`)].join(
      "\n",
    );
    const files = Array.from({ length: 3000 }, (_, i) => changedFile(longPath(i)));
    reads("checklists:\n  where: off\nroles:\n  ds:\n    members: [dana]\n", files, owners);
    listedInFull(files);
    github.requestReviewers(PR_NUMBER).createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    const summary = summaryOf(github.bodyOf("POST", "check-runs"));
    expect(summary).toMatch(
      /- … and \d+ more \(0 errors and 2000 warnings in all\); `squadgate validate` lists those in the config and ownership files\./,
    );
    expect(summary).toMatch(
      /<details><summary>3000 AI asset files changed<\/summary>[\s\S]*\d+ more not shown[\s\S]*<\/details>$/,
    );
    expect(markupProblems(summary)).toEqual([]);
  });

  it("a very large eval artifact: the comment keeps its verdict, table and counts", async () => {
    const WORKFLOW = "squadgate-eval.yml";
    const config = `checklists:\n  where: off\nroles:\n  ds:\n    members: [dana]\nevals:\n  workflow: ${WORKFLOW}\n  metrics:\n    - { match: "*", direction: higher, gating: true }\n`;
    const metrics = (value: number) =>
      JSON.stringify(
        Object.fromEntries(
          Array.from({ length: 2000 }, (_, i) => [
            `quality.check_${String(i).padStart(4, "0")}_${"z".repeat(60)}`,
            value,
          ]),
        ),
      );
    const zip = (value: number) =>
      makeZip([
        { name: "a.json", data: metrics(value) },
        { name: "b.json", data: metrics(value) },
      ]);
    github.config(BASE_REF, config).pull(PR_NUMBER, livePullRequest());
    github.runArtifacts(101, [{ id: 11 }]).artifactZip(11, zip(0.5));
    github
      .baselineRun(WORKFLOW, BASE_REF, { id: 5, head_sha: "c".repeat(40) })
      .runArtifacts(5, [{ id: 6 }])
      .artifactZip(6, zip(0.9));
    github.comments(PR_NUMBER, []).createComment(PR_NUMBER, 71);
    // The gate then runs on the config and pull request the ingestion read.
    github
      .files(PR_NUMBER, [changedFile("prompts/support.txt")])
      .checkRuns(HEAD_SHA, [])
      .file(".github/SQUADOWNERS", BASE_REF, "/prompts/ @ds\n")
      .reviews(PR_NUMBER, [
        { user: { login: "dana" }, state: "APPROVED", commit_id: HEAD_SHA, submitted_at: "2026-11-01T00:00:00Z" },
      ])
      .createCheck();
    const payload = webhook("workflow_run.completed");
    const run = {
      ...payload["workflow_run"],
      id: 101,
      path: `.github/workflows/${WORKFLOW}`,
      event: "pull_request",
      head_sha: HEAD_SHA,
      head_branch: "changes",
      html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/101`,
      pull_requests: [
        { number: PR_NUMBER, head: { sha: HEAD_SHA, ref: "changes" }, base: { ref: BASE_REF, sha: "c".repeat(40) } },
      ],
    };

    await receive("workflow_run", {
      ...payload,
      workflow_run: run,
      repository: { ...payload["repository"], default_branch: BASE_REF },
    });

    const comment = github.bodyOf("POST", "/issues/2/comments")["body"] as string;
    expect(comment).toMatch(
      /❌ 4000 gating regressions: `a · quality\.check_0000_z+` \(may not get worse\), .* and \d+ more\. Until this is fixed, the Squadgate check holds/,
    );
    expect(comment).toMatch(
      /\| Suite \| Metric \| Base \| Head \| Change \| Noise \(α = 0\.05\) \| \|\n\|---\|[\s\S]*\d+ more metrics not shown; the run's artifact has every result\./,
    );
    expect(markupProblems(comment)).toEqual([]);
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({
      conclusion: "action_required",
      output: { title: "Evals regressed" },
    });
  });
});

describe("review requests within GitHub's limit", () => {
  const tenRoles = `checklists:\n  where: off\nroles:\n${Array.from({ length: 10 }, (_, i) => `  r${i}:\n    members: [r${i}-a, r${i}-b]\n`).join("")}`;
  const allOwn = `/prompts/ ${Array.from({ length: 10 }, (_, i) => `@r${i}`).join(" ")}\n`;

  it("ten missing roles of two members: fifteen asked, every role at least once, the others named in the check", async () => {
    reads(tenRoles, [changedFile("prompts/a.txt")], allOwn);
    github.requestReviewers(PR_NUMBER).createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    const asked = github.bodyOf("POST", "requested_reviewers") as { reviewers: string[]; team_reviewers: string[] };
    expect(asked.reviewers).toHaveLength(15);
    for (let i = 0; i < 10; i++) expect(asked.reviewers).toContain(`r${i}-a`);
    expect(summaryOf(github.bodyOf("POST", "check-runs"))).toContain(
      "GitHub allows at most 15 pending review requests on a pull request, so these were not asked (they can still approve): @r5-b, @r6-b, @r7-b, @r8-b, @r9-b",
    );
  });

  it("one reviewer GitHub refuses does not cost the others their request", async () => {
    const config = `checklists:\n  where: off\nroles:\n  ds:\n    members: [dana, gone, ${OWNER}/data-science]\n`;
    reads(config, [changedFile("prompts/a.txt")], "/prompts/ @ds\n");
    const notCollaborator = "Reviews may only be requested from collaborators.";
    github.requestReviewers(PR_NUMBER, 422, notCollaborator);
    const one = (status: number) =>
      github.scope
        .post(`${github.repoPath}/pulls/${PR_NUMBER}/requested_reviewers`)
        .reply(status, status < 300 ? {} : { message: notCollaborator });
    one(201); // dana
    one(422); // gone
    one(201); // the team
    github.createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    const requests = github.calls.filter((c) => c.path.endsWith("/requested_reviewers")).map((c) => c.body);
    expect(requests).toEqual([
      { reviewers: ["dana", "gone"], team_reviewers: ["data-science"] },
      { reviewers: ["dana"], team_reviewers: [] },
      { reviewers: ["gone"], team_reviewers: [] },
      { reviewers: [], team_reviewers: ["data-science"] },
    ]);
    expect(github.calls.filter((c) => c.path.endsWith("/requested_reviewers"))).toHaveLength(4);
    expect(summaryOf(github.bodyOf("POST", "check-runs"))).toContain(
      "GitHub refused to request reviews from @gone: Reviews may only be requested from collaborators.",
    );
  });
});
