import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import type { GitHubMock } from "../helpers/github-mock.js";
import { useMockedApp } from "../helpers/mocked-app.js";
import { BASE_REF, changedFile, HEAD_SHA, livePullRequest, OWNER, PR_NUMBER, webhook } from "../helpers/fixtures.js";

const CONFIG = `
checklists:
  where: off   # checklists have their own tests
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

useMockedApp((app) => ({ probot, github } = app));

const receive = (name: string, payload: object) => probot.receive({ id: "delivery-1", name, payload } as never);

/** The reads every evaluation makes: config and ownership at base, the live PR, its files, reviews and check runs. */
function readsFor(opts: {
  files: object[];
  reviews?: object[];
  checkRuns?: object[];
  pr?: Record<string, unknown>;
  sha?: string;
}) {
  github
    .config(BASE_REF, CONFIG)
    .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
    .pull(PR_NUMBER, livePullRequest({ changed_files: opts.files.length, ...opts.pr }))
    .files(PR_NUMBER, opts.files)
    .reviews(PR_NUMBER, opts.reviews ?? [])
    .checkRuns(opts.sha ?? HEAD_SHA, opts.checkRuns ?? []);
}

const review = (login: string, state: string, commit_id = HEAD_SHA) => ({
  user: { login },
  state,
  commit_id,
  submitted_at: "2026-11-01T00:00:00Z",
});

/** GitHub's pull_request_review.submitted example, as submitted by `login`. */
function reviewSubmitted(login: string, state: string) {
  const payload = webhook("pull_request_review.submitted");
  return {
    ...payload,
    review: { ...payload["review"], state: state.toLowerCase(), user: { login, id: 1, type: "User" } },
  };
}

/** The check run we posted earlier on `sha`, saying something else. */
const ourCheck = (id = 7, externalId = "squadgate:0000000000000000") => ({
  id,
  name: "Squadgate",
  external_id: externalId,
  app: { id: 1 },
});
const summaryOf = (body: Record<string, unknown>) => (body["output"] as { summary: string }).summary;

describe("the gate on GitHub", () => {
  it("prompt PR opened: requests the owning role and posts one blocking check", async () => {
    readsFor({ files: [changedFile("prompts/support/system.txt")] });
    github.requestReviewers(PR_NUMBER).createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    expect(github.lines).toEqual(
      expect.arrayContaining([
        "GET /repos/Codertocat/Hello-World/contents/.github/squadgate.yml?ref=refs/heads/master",
        "GET /repos/Codertocat/Hello-World/contents/.github/SQUADOWNERS?ref=refs/heads/master",
      ]),
    );
    expect(github.writes.map((c) => `${c.method} ${c.path}`)).toEqual([
      "POST /repos/Codertocat/Hello-World/pulls/2/requested_reviewers",
      "POST /repos/Codertocat/Hello-World/check-runs",
    ]);
    expect(github.bodyOf("POST", "requested_reviewers")).toEqual({
      reviewers: ["dana"],
      team_reviewers: ["data-science"],
    });
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
      | \`prompts/support/system.txt\` | prompt | \`@ds\` (line 2: \`/prompts/\`) |

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

    expect(github.writes.map((c) => `${c.method} ${c.path}`)).toEqual([
      "PATCH /repos/Codertocat/Hello-World/check-runs/7",
    ]);
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
    expect(check).toMatchObject({
      head_sha: NEW_SHA,
      conclusion: "action_required",
      output: { title: "Waiting for @ds (1 of 2 approved)" },
    });
    expect(summaryOf(check)).toContain(
      "@dana's approval for `@ds` no longer counts: prompts/a.txt changed since ec26c3e.",
    );
    expect(summaryOf(check)).toContain("| ✅ | `@legal` | 1/1 | @lee |");
    // dana already reviewed and the team is already requested: nobody new to ask.
    expect(github.writes.map((c) => `${c.method} ${c.path}`)).toEqual([
      "POST /repos/Codertocat/Hello-World/check-runs",
    ]);
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

    readsFor({
      files: [changedFile("prompts/a.txt")],
      checkRuns: [github.writtenCheck(9)],
      pr: { requested_reviewers: [{ login: "dana" }], requested_teams: [{ slug: "data-science" }] },
    });
    await receive("pull_request", webhook("pull_request.opened"));

    expect(github.writes).toHaveLength(2); // both from the first delivery
  });

  it("PR with no AI asset: a short success from four reads (the pull request is among those at its head)", async () => {
    github
      .config(BASE_REF, CONFIG)
      .pull(PR_NUMBER, livePullRequest())
      .files(PR_NUMBER, [changedFile("src/app.ts"), changedFile("README.md")])
      .checkRuns(HEAD_SHA, [])
      .createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    expect(github.lines).toEqual([
      "GET /repos/Codertocat/Hello-World/contents/.github/squadgate.yml?ref=refs/heads/master",
      "GET /repos/Codertocat/Hello-World/pulls/2/files?per_page=100",
      "GET /repos/Codertocat/Hello-World/commits/ec26c3e57ca3a959ca5aad62de7213c562f8c821/check-runs?check_name=Squadgate&app_id=1&filter=all&per_page=100",
      "GET /repos/Codertocat/Hello-World/commits/ec26c3e57ca3a959ca5aad62de7213c562f8c821/pulls?per_page=100",
      // Before writing: how the base branch requires the check (unreadable here), once an hour per branch.
      "GET /repos/Codertocat/Hello-World/rules/branches/master?per_page=100",
      "GET /repos/Codertocat/Hello-World/branches/master",
      "POST /repos/Codertocat/Hello-World/check-runs",
    ]);
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({
      conclusion: "success",
      output: {
        title: "No AI assets changed",
        summary: "This pull request changes no file that Squadgate treats as an AI asset.",
      },
    });
  });

  it("repository without squadgate.yml: two reads, nothing written", async () => {
    github.config(BASE_REF, null);
    await receive("pull_request", webhook("pull_request.opened"));
    expect(github.lines).toEqual([
      "GET /repos/Codertocat/Hello-World/contents/.github/squadgate.yml?ref=refs/heads/master",
      "GET /repos/Codertocat/.github/contents/.github/squadgate.yml",
    ]);
  });

  it("a PR that edits only the ownership file needs the roles that own it", async () => {
    const owners = `${OWNERS}/.github/   @legal\n`;
    github
      .config(BASE_REF, CONFIG)
      .file(".github/SQUADOWNERS", BASE_REF, owners)
      .config(HEAD_SHA, CONFIG)
      .file(".github/SQUADOWNERS", HEAD_SHA, `${owners}/evals/ @ds\n`)
      .pull(PR_NUMBER, livePullRequest())
      .files(PR_NUMBER, [changedFile(".github/SQUADOWNERS")])
      .reviews(PR_NUMBER, [])
      .checkRuns(HEAD_SHA, [])
      .requestReviewers(PR_NUMBER)
      .createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    expect(github.bodyOf("POST", "requested_reviewers")).toEqual({ reviewers: ["lee"], team_reviewers: [] });
    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({
      conclusion: "action_required",
      output: { title: "Waiting for @legal (0 of 1 approved)" },
    });
    expect(summaryOf(check)).toContain("| ⏳ | `@legal` | 0/1 | — | @lee | 1 file: `.github/SQUADOWNERS` |");
  });

  it("an organisation-wide squadgate.yml alone does not opt a repository in: nothing written", async () => {
    github
      .file(".github/squadgate.yml", BASE_REF, null)
      .file(".github/squadgate.yml", undefined, "roles:\n  ds:\n    members: [dana]\n", ".github");
    await receive("pull_request", webhook("pull_request.opened"));
    expect(github.lines).toEqual([
      "GET /repos/Codertocat/Hello-World/contents/.github/squadgate.yml?ref=refs/heads/master",
      "GET /repos/Codertocat/.github/contents/.github/squadgate.yml",
    ]);
  });

  it("a broken organisation-wide squadgate.yml does not gate a repository that never opted in", async () => {
    github
      .file(".github/squadgate.yml", BASE_REF, null)
      .file(".github/squadgate.yml", undefined, "roles: [unclosed\n", ".github")
      .file(".github/squadgate.yml", BASE_REF, null);
    await receive("pull_request", webhook("pull_request.opened"));
    expect(github.writes).toEqual([]);
  });

  it("an edited review re-evaluates", async () => {
    readsFor({ files: [changedFile("prompts/a.txt")], reviews: [review("dana", "APPROVED")], checkRuns: [ourCheck()] });
    github.updateCheck(7);
    await receive("pull_request_review", {
      ...reviewSubmitted("dana", "APPROVED"),
      action: "edited",
      changes: { body: { from: "lgtm" } },
    });
    expect(github.bodyOf("PATCH", "check-runs/7")).toMatchObject({ conclusion: "success" });
  });

  it("a PR that edits the policy gets it validated at its head, errors in the check", async () => {
    const files = [changedFile(".github/SQUADOWNERS"), changedFile("prompts/a.txt")];
    readsFor({ files });
    github
      .config(HEAD_SHA, CONFIG) // the head's config, to resolve roles in the head's ownership file
      .file(".github/SQUADOWNERS", HEAD_SHA, "/prompts/ @ds\n/evals/ @dsx\n!negated @ds\n")
      .createCheck();

    await receive("pull_request", webhook("pull_request.synchronize"));

    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({ conclusion: "failure", output: { title: "2 configuration problems to fix" } });
    expect(summaryOf(check)).toContain("`.github/SQUADOWNERS:2: in this pull request: unknown role @dsx");
    expect(summaryOf(check)).toContain(
      '`.github/SQUADOWNERS:3: in this pull request: "!negated": negation with ! is not supported in CODEOWNERS; the line is ignored, as GitHub does`',
    );
    // The base policy still decides who must approve; with errors to fix nobody is asked yet.
    expect(github.writes.map((c) => `${c.method} ${c.path}`)).toEqual([
      "POST /repos/Codertocat/Hello-World/check-runs",
    ]);
  });

  it("a PR that breaks both squadgate.yml and the ownership file gets the errors of both at once", async () => {
    const files = [changedFile(".github/squadgate.yml"), changedFile(".github/SQUADOWNERS")];
    readsFor({ files });
    github
      .config(HEAD_SHA, "roles:\n  ds:\n    members: []\n") // a role needs a member
      .file(".github/squadgate.yml", HEAD_SHA, "roles:\n  ds:\n    members: []\n") // read again to find the key's line
      .file(".github/SQUADOWNERS", HEAD_SHA, "/prompts/ @ds\n/evals/ @dsx\n")
      .createCheck();

    await receive("pull_request", webhook("pull_request.synchronize"));

    const summary = summaryOf(github.bodyOf("POST", "check-runs"));
    expect(summary).toContain("in this pull request: a role needs at least one member");
    // Checked against the base branch's roles, since the pull request's own config does not load.
    expect(summary).toContain("`.github/SQUADOWNERS:2: in this pull request: unknown role @dsx");
  });

  it("draft PR: the check, but no review requests; ready_for_review then asks", async () => {
    readsFor({ files: [changedFile("prompts/a.txt")], pr: { draft: true } });
    github.createCheck(3);
    await receive("pull_request", {
      ...webhook("pull_request.opened"),
      pull_request: { ...webhook("pull_request.opened")["pull_request"], draft: true },
    });
    expect(github.writes.map((c) => `${c.method} ${c.path}`)).toEqual([
      "POST /repos/Codertocat/Hello-World/check-runs",
    ]);

    readsFor({ files: [changedFile("prompts/a.txt")], checkRuns: [github.writtenCheck(3)] });
    github.requestReviewers(PR_NUMBER);
    await receive("pull_request", webhook("pull_request.ready_for_review"));
    expect(github.writes.map((c) => `${c.method} ${c.path}`)).toEqual([
      "POST /repos/Codertocat/Hello-World/check-runs",
      "POST /repos/Codertocat/Hello-World/pulls/2/requested_reviewers",
    ]);
  });

  it("an edit that does not change the base makes no API call; a base change re-evaluates on the new base", async () => {
    const opened = webhook("pull_request.opened");
    await receive("pull_request", { ...opened, action: "edited", changes: { title: { from: "Old title" } } });
    expect(github.calls).toEqual([]);

    const retargeted = { ...opened["pull_request"], base: { ...opened["pull_request"].base, ref: "release" } };
    github
      .checkRunsOnly(HEAD_SHA, []) // a passing verdict would be taken back first; there is none
      .config("release", CONFIG)
      .pull(PR_NUMBER, livePullRequest({ base: retargeted.base }))
      .files(PR_NUMBER, [changedFile("src/app.ts")])
      .checkRuns(HEAD_SHA, [])
      .createCheck();
    await receive("pull_request", {
      ...opened,
      action: "edited",
      changes: { base: { ref: { from: "master" }, sha: { from: "f".repeat(40) } } },
      pull_request: retargeted,
    });
    expect(github.lines[1]).toBe(
      "GET /repos/Codertocat/Hello-World/contents/.github/squadgate.yml?ref=refs/heads/release",
    );
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({ conclusion: "success" });
  });

  it("GitHub refusing a reviewer (422) becomes a warning in the check, not a crash", async () => {
    const refusal =
      "Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the Codertocat/Hello-World repository.";
    readsFor({ files: [changedFile("prompts/a.txt")] });
    // The request for both is refused; each is then asked on their own, and both are refused too.
    github
      .requestReviewers(PR_NUMBER, 422, refusal)
      .requestReviewers(PR_NUMBER, 422, refusal)
      .requestReviewers(PR_NUMBER, 422, refusal)
      .createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    expect(summaryOf(github.bodyOf("POST", "check-runs"))).toContain(
      "GitHub refused to request reviews from @dana, team data-science: Reviews may only be requested from collaborators.",
    );
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({ conclusion: "action_required" });
  });

  it("a PR past GitHub's 3,000-file listing: the rest of the paths come from the git trees, so an asset after the padding still needs its owners", async () => {
    // An attacker pads the pull request with 3,000 files that sort first and changes a prompt after them.
    const padding = Array.from({ length: 3000 }, (_, i) => `aaa/pad-${String(i).padStart(4, "0")}.txt`);
    readsFor({ files: padding.map((path) => changedFile(path, "added")), pr: { changed_files: 3001 } });
    const base = livePullRequest()["base"].sha as string;
    const mergeBase = "d".repeat(40);
    github
      .mergeBase(base, HEAD_SHA, mergeBase)
      .tree(HEAD_SHA, [...padding, "prompts/sneaky.txt", "README.md"], {
        version: (p) => (p === "README.md" ? "1".repeat(40) : "2".repeat(40)),
      })
      .tree(mergeBase, ["prompts/sneaky.txt", "README.md"])
      .requestReviewers(PR_NUMBER)
      .createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    expect(github.lines.filter((l) => l.includes("/files")).length).toBe(30);
    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({
      conclusion: "action_required",
      output: { title: "Waiting for @ds (0 of 1 approved)" },
    });
    expect(summaryOf(check)).toContain("`prompts/sneaky.txt`");
    expect(summaryOf(check)).not.toContain("3,000");
  });

  it("a PR past the listing whose tree GitHub truncates too: never success, the check says why", async () => {
    const padding = Array.from({ length: 3000 }, (_, i) => `aaa/pad-${i}.txt`);
    github
      .config(BASE_REF, CONFIG)
      .pull(PR_NUMBER, livePullRequest({ changed_files: 3001 }))
      .files(
        PR_NUMBER,
        padding.map((path) => changedFile(path, "added")),
      )
      .checkRuns(HEAD_SHA, []);
    const base = livePullRequest()["base"].sha as string;
    github
      .mergeBase(base, HEAD_SHA, "d".repeat(40))
      .tree(HEAD_SHA, padding.slice(0, 10), { truncated: true })
      .tree("d".repeat(40), [])
      .createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({ conclusion: "failure", output: { title: "Too many files to see them all" } });
    expect(summaryOf(check)).toContain(
      "GitHub lists only the first 3,000 files of a pull request and could not list the rest either",
    );
  });

  it("a listing shorter than the pull request's file count is completed from the trees too", async () => {
    const files = Array.from({ length: 250 }, (_, i) => changedFile(`src/file-${i}.ts`));
    readsFor({ files, pr: { changed_files: 251 } });
    const base = livePullRequest()["base"].sha as string;
    github
      .mergeBase(base, HEAD_SHA, "d".repeat(40))
      .tree(HEAD_SHA, [...files.map((f) => f.filename), "prompts/last.txt"], { version: () => "2".repeat(40) })
      .tree("d".repeat(40), [])
      .requestReviewers(PR_NUMBER)
      .createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    expect(github.lines.filter((l) => l.includes("/files"))).toEqual([
      "GET /repos/Codertocat/Hello-World/pulls/2/files?per_page=100",
      "GET /repos/Codertocat/Hello-World/pulls/2/files?per_page=100&page=2",
      "GET /repos/Codertocat/Hello-World/pulls/2/files?per_page=100&page=3",
    ]);
    expect(summaryOf(github.bodyOf("POST", "check-runs"))).toContain("`prompts/last.txt`");
  });

  it("two deliveries for the same PR at once: one check run, one review request", async () => {
    readsFor({ files: [changedFile("prompts/a.txt")] });
    github.requestReviewers(PR_NUMBER).createCheck(11);
    // What the second, serialised run reads after the first one's writes.
    github.scope
      .get(`${github.repoPath}/contents/.github%2Fsquadgate.yml`)
      .query({ ref: `refs/heads/${BASE_REF}` })
      .reply(200, CONFIG, { "content-type": "application/vnd.github.raw; charset=utf-8" });
    const asked = livePullRequest({
      requested_reviewers: [{ login: "dana" }],
      requested_teams: [{ slug: "data-science" }],
    });
    github
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .pull(PR_NUMBER, asked)
      .files(PR_NUMBER, [changedFile("prompts/a.txt")])
      .reviews(PR_NUMBER, []);
    github.headPulls(HEAD_SHA, [asked]);
    github.scope
      .get(`${github.repoPath}/commits/${HEAD_SHA}/check-runs`)
      .query(true)
      .reply(200, () => ({ total_count: 1, check_runs: [{ ...github.writtenCheck(11), app: { id: 1 } }] }));

    await Promise.all([
      receive("pull_request", webhook("pull_request.opened")),
      receive("pull_request_review", reviewSubmitted("mallory", "COMMENTED")),
    ]);

    expect(github.writes.map((c) => `${c.method} ${c.path}`)).toEqual([
      "POST /repos/Codertocat/Hello-World/pulls/2/requested_reviewers",
      "POST /repos/Codertocat/Hello-World/check-runs",
    ]);
  });
});
