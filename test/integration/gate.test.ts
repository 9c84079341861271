import nock from "nock";
import type { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubMock } from "../helpers/github-mock.js";
import { BASE_REF, changedFile, HEAD_SHA, livePullRequest, OWNER, PR_NUMBER, REPO, webhook } from "../helpers/fixtures.js";
import { createTestProbot } from "../helpers/test-probot.js";

const CONFIG = `
roles:
  ds:
    description: Data science
    members: [dana, ${OWNER}/data-science]
  legal:
    members: [lee]
`;
const OWNERS = `
/prompts/   @ds
/datasets/  @ds @legal
`;
const NEW_SHA = "a".repeat(40);

let probot: Probot;
let github: GitHubMock;

beforeEach(async () => {
  nock.disableNetConnect();
  ({ probot } = await createTestProbot());
  github = new GitHubMock(OWNER, REPO);
});

afterEach(() => {
  const pending = github.scope.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

const receive = (name: string, payload: object) => probot.receive({ id: "delivery-1", name, payload } as never);

/** The reads every evaluation makes: config and ownership at base, the live PR, its files, reviews and check runs. */
function readsFor(opts: { files: object[]; reviews?: object[]; checkRuns?: object[]; pr?: Record<string, unknown>; sha?: string }) {
  github
    .config(BASE_REF, CONFIG)
    .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
    .pull(PR_NUMBER, livePullRequest({ changed_files: opts.files.length, ...opts.pr }))
    .files(PR_NUMBER, opts.files)
    .reviews(PR_NUMBER, opts.reviews ?? [])
    .checkRuns(opts.sha ?? HEAD_SHA, opts.checkRuns ?? []);
}

const review = (login: string, state: string, commit_id = HEAD_SHA) => ({ user: { login }, state, commit_id, submitted_at: "2026-11-01T00:00:00Z" });

/** GitHub's pull_request_review.submitted example, as submitted by `login`. */
function reviewSubmitted(login: string, state: string) {
  const payload = webhook("pull_request_review.submitted");
  return { ...payload, review: { ...payload["review"], state: state.toLowerCase(), user: { login, id: 1, type: "User" } } };
}

/** The check run we posted earlier on `sha`, saying something else. */
const ourCheck = (id = 7, externalId = "squadgate:0000000000000000") => ({ id, name: "Squadgate", external_id: externalId, app: { id: 1 } });
const summaryOf = (body: Record<string, unknown>) => (body["output"] as { summary: string }).summary;

describe("the gate on GitHub", () => {
  it("prompt PR opened: requests the owning role and posts one blocking check", async () => {
    readsFor({ files: [changedFile("prompts/support/system.txt")] });
    github.requestReviewers(PR_NUMBER).createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    expect(github.lines).toEqual(expect.arrayContaining([
      "GET /repos/Codertocat/Hello-World/contents/.github/squadgate.yml?ref=master",
      "GET /repos/Codertocat/Hello-World/contents/.github/SQUADOWNERS?ref=master",
    ]));
    expect(github.writes.map((c) => `${c.method} ${c.path}`)).toEqual([
      "POST /repos/Codertocat/Hello-World/pulls/2/requested_reviewers",
      "POST /repos/Codertocat/Hello-World/check-runs",
    ]);
    expect(github.bodyOf("POST", "requested_reviewers")).toEqual({ reviewers: ["dana"], team_reviewers: ["data-science"] });
    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({
      name: "Squadgate",
      head_sha: HEAD_SHA,
      status: "completed",
      conclusion: "action_required",
      external_id: expect.stringMatching(/^squadgate:[0-9a-f]{16}$/),
      output: { title: "Waiting for @ds (0 of 1 approved)" },
    });
    expect((check["output"] as { summary: string }).summary).toMatchInlineSnapshot(`
      "| | Role | Approvals | Approved by | Can still approve | Required because |
      |---|---|---|---|---|---|
      | ⏳ | \`@ds\` Data science | 0/1 | — | @dana, @Codertocat/data-science | 1 file: \`prompts/support/system.txt\` |

      <details><summary>1 AI asset file changed</summary>

      | File | Kind | Owners (rule) |
      |---|---|---|
      | \`prompts/support/system.txt\` | prompt | @ds (line 2: \`/prompts/\`) |

      </details>"
    `);
  });

  it("approval by a member of the role through its team: success, nobody else asked", async () => {
    readsFor({
      files: [changedFile("prompts/support/system.txt")],
      reviews: [review("dora", "APPROVED")],
      checkRuns: [ourCheck()],
      pr: { requested_reviewers: [{ login: "dana" }], requested_teams: [{ slug: "data-science" }] },
    });
    github.teamMembers(OWNER, "data-science", ["dora", "dan"]).updateCheck(7);

    await receive("pull_request_review", reviewSubmitted("dora", "APPROVED"));

    expect(github.writes.map((c) => `${c.method} ${c.path}`)).toEqual(["PATCH /repos/Codertocat/Hello-World/check-runs/7"]);
    expect(github.bodyOf("PATCH", "check-runs/7")).toMatchObject({
      conclusion: "success",
      output: { title: "All 1 required role approved" },
    });
    expect(summaryOf(github.bodyOf("PATCH", "check-runs/7"))).toContain("| ✅ | `@ds` Data science | 1/1 | @dora |");
  });

  it.each([
    ["a non-member", "mallory"],
    ["the author", OWNER],
  ])("approval by %s: still blocked", async (_who, login) => {
    readsFor({
      files: [changedFile("prompts/support/system.txt")],
      reviews: [review(login, "APPROVED")],
      checkRuns: [ourCheck()],
      pr: { requested_reviewers: [{ login: "dana" }], requested_teams: [{ slug: "data-science" }] },
    });
    if (login !== OWNER) github.teamMembers(OWNER, "data-science", ["dora"]);
    github.updateCheck(7);

    await receive("pull_request_review", reviewSubmitted(login, "APPROVED"));

    expect(github.bodyOf("PATCH", "check-runs/7")).toMatchObject({
      conclusion: "action_required",
      output: { title: "Waiting for @ds (0 of 1 approved)" },
    });
    expect(github.writes).toHaveLength(1);
  });

  it("push changing a file one role owns: that role's approval goes stale, the other role's stays", async () => {
    const payload = webhook("pull_request.synchronize");
    payload["pull_request"].head.sha = NEW_SHA;
    readsFor({
      sha: NEW_SHA,
      files: [changedFile("prompts/a.txt"), changedFile("datasets/b.csv")],
      reviews: [review("dana", "APPROVED"), review("lee", "APPROVED")],
      pr: { head: { ...livePullRequest()["head"], sha: NEW_SHA }, requested_teams: [{ slug: "data-science" }] },
    });
    // lee is not listed in @ds by name, so the team decides whether lee's approval counts there too.
    github.teamMembers(OWNER, "data-science", ["dora"]);
    github.compare(HEAD_SHA, NEW_SHA, { status: "ahead", files: ["prompts/a.txt"] }).createCheck();

    await receive("pull_request", payload);

    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({ head_sha: NEW_SHA, conclusion: "action_required", output: { title: "Waiting for @ds (1 of 2 approved)" } });
    expect(summaryOf(check)).toContain("@dana's approval for `@ds` no longer counts: prompts/a.txt changed since ec26c3e.");
    expect(summaryOf(check)).toContain("| ✅ | `@legal` | 1/1 | @lee |");
    // dana already reviewed and the team is already requested: nobody new to ask.
    expect(github.writes.map((c) => c.method + " " + c.path)).toEqual(["POST /repos/Codertocat/Hello-World/check-runs"]);
  });

  it("invalid YAML in the base config: a failing check naming file and line, nothing else written", async () => {
    github
      .config(BASE_REF, "roles:\n  ds: [unclosed\n")
      .pull(PR_NUMBER, livePullRequest())
      .files(PR_NUMBER, [changedFile("prompts/a.txt")])
      .checkRuns(HEAD_SHA, [])
      .createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({ conclusion: "failure", output: { title: "1 configuration problem to fix" } });
    expect(summaryOf(check)).toMatch(/❌ `\.github\/squadgate\.yml:3:1: .*flow sequence/i);
    expect(github.writes).toHaveLength(1);
  });

  it("schema error in the base config: the check points at the key's line", async () => {
    const yaml = "roles:\n  ds:\n    members: [dana]\n    approvals: 0\n";
    github
      .config(BASE_REF, yaml)
      .file(".github/squadgate.yml", BASE_REF, yaml) // fetched again only to locate the error
      .pull(PR_NUMBER, livePullRequest())
      .files(PR_NUMBER, [changedFile("prompts/a.txt")])
      .checkRuns(HEAD_SHA, [])
      .createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    expect(summaryOf(github.bodyOf("POST", "check-runs"))).toContain(
      "`.github/squadgate.yml:4:5: roles.ds.approvals: Too small: expected number to be >=1`",
    );
  });

  it("redelivered webhook: the second delivery writes nothing", async () => {
    readsFor({ files: [changedFile("prompts/a.txt")] });
    github.requestReviewers(PR_NUMBER).createCheck(9);
    await receive("pull_request", webhook("pull_request.opened"));
    const externalId = github.bodyOf("POST", "check-runs")["external_id"] as string;

    readsFor({
      files: [changedFile("prompts/a.txt")],
      checkRuns: [ourCheck(9, externalId)],
      pr: { requested_reviewers: [{ login: "dana" }], requested_teams: [{ slug: "data-science" }] },
    });
    await receive("pull_request", webhook("pull_request.opened"));

    expect(github.writes).toHaveLength(2); // both from the first delivery
  });

  it("PR with no AI asset: a short success from four reads", async () => {
    github
      .config(BASE_REF, CONFIG)
      .pull(PR_NUMBER, livePullRequest())
      .files(PR_NUMBER, [changedFile("src/app.ts"), changedFile("README.md")])
      .checkRuns(HEAD_SHA, [])
      .createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    expect(github.lines).toEqual([
      "GET /repos/Codertocat/Hello-World/contents/.github/squadgate.yml?ref=master",
      "GET /repos/Codertocat/Hello-World/pulls/2",
      "GET /repos/Codertocat/Hello-World/pulls/2/files?per_page=100",
      "GET /repos/Codertocat/Hello-World/commits/ec26c3e57ca3a959ca5aad62de7213c562f8c821/check-runs?check_name=Squadgate&filter=all&per_page=100",
      "POST /repos/Codertocat/Hello-World/check-runs",
    ]);
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({
      conclusion: "success",
      output: { title: "No AI assets changed", summary: "This pull request changes no file that Squadgate treats as an AI asset." },
    });
  });

  it("repository without squadgate.yml: two reads, nothing written", async () => {
    github.config(BASE_REF, null);
    await receive("pull_request", webhook("pull_request.opened"));
    expect(github.lines).toEqual([
      "GET /repos/Codertocat/Hello-World/contents/.github/squadgate.yml?ref=master",
      "GET /repos/Codertocat/.github/contents/.github/squadgate.yml",
    ]);
  });
});
