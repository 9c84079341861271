import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import type { GitHubMock } from "../helpers/github-mock.js";
import { useMockedApp } from "../helpers/mocked-app.js";
import { BASE_REF, changedFile, HEAD_SHA, livePullRequest, PR_NUMBER, webhook } from "../helpers/fixtures.js";

/**
 * The gate as an attacker with write access tries to walk around it: a second pull request sharing
 * the head commit, a retargeted base, a check run planted by another app.
 */
const CONFIG = `
checklists:
  where: off
roles:
  ds:
    members: [dana]
`;
const OWNERS = "/prompts/ @ds\n";
/** The guarded pull request: `feature` into the base branch, changing a prompt. */
const GUARDED = 1;
const LAX = "lax";

let probot: Probot;
let github: GitHubMock;

useMockedApp((app) => ({ probot, github } = app));

const receive = (name: string, payload: object) => probot.receive({ id: "delivery-1", name, payload } as never);
const summaryOf = (body: Record<string, unknown>) => (body["output"] as { summary: string }).summary;

/** PR #2 of the fixtures, retargeted at `lax`: the same head commit as #1, but a diff with no AI asset. */
const laxPull = () => livePullRequest({ base: { ...livePullRequest()["base"], ref: LAX } });
const guardedPull = () => livePullRequest({ number: GUARDED, id: 11 });
const laxOpened = () => {
  const opened = webhook("pull_request.opened");
  return { ...opened, pull_request: { ...opened["pull_request"], base: { ...opened["pull_request"].base, ref: LAX } } };
};

/** What judging the guarded sibling #1 reads: its base's policy, its files, ownership and reviews. */
function guardedReads(reviews: object[] = []) {
  github
    .config(BASE_REF, CONFIG)
    .files(GUARDED, [changedFile("prompts/support.txt")])
    .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
    .reviews(GUARDED, reviews);
}

describe("two pull requests sharing a head commit", () => {
  it("a PR into a lax branch cannot turn the shared check green: the check gives the strictest verdict", async () => {
    github
      .config(LAX, CONFIG)
      .pull(PR_NUMBER, laxPull())
      .files(PR_NUMBER, [changedFile("src/app.ts")]);
    github.checkRuns(HEAD_SHA, [], [laxPull(), guardedPull()]);
    guardedReads();
    github.createCheck();

    await receive("pull_request", laxOpened());

    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({
      conclusion: "action_required",
      output: { title: "#1: Waiting for @ds (0 of 1 approved)" },
    });
    const summary = summaryOf(check);
    expect(summary).toContain("This commit is the head of 2 open pull requests");
    expect(summary).toContain("| #1 | `master` | ⏳ Waiting for @&#8203;ds (0 of 1 approved) |");
    expect(summary).toContain("| #2 | `lax` | ✅ No AI assets changed |");
    expect(summary).toContain("`prompts/support.txt`");
    // Only the pull request whose event this was gets review requests; the sibling's come from its own events.
    expect(github.writes.map((c) => `${c.method} ${c.path}`)).toEqual([
      "POST /repos/Codertocat/Hello-World/check-runs",
    ]);
  });

  it("right after a push GitHub's association can lag: then every open pull request is listed, and the sibling still counts", async () => {
    github
      .config(LAX, CONFIG)
      .pull(PR_NUMBER, laxPull())
      .files(PR_NUMBER, [changedFile("src/app.ts")]);
    github.checkRuns(HEAD_SHA, [], []); // not even the pull request at hand is associated yet
    github.openPulls([
      guardedPull(),
      laxPull(),
      livePullRequest({ number: 3, head: { ...livePullRequest()["head"], sha: "c".repeat(40) } }),
    ]);
    guardedReads();
    github.createCheck();

    await receive("pull_request", laxOpened());

    expect(github.bodyOf("POST", "check-runs")).toMatchObject({
      conclusion: "action_required",
      output: { title: "#1: Waiting for @ds (0 of 1 approved)" },
    });
  });

  it("a sibling recorded on the check run is judged again even when GitHub no longer associates it", async () => {
    github
      .config(LAX, CONFIG)
      .pull(PR_NUMBER, laxPull())
      .files(PR_NUMBER, [changedFile("src/app.ts")]);
    const recorded = { v: 1, pulls: { [GUARDED]: { seenAt: "2026-11-01T00:00:00.000Z" } } };
    const text = `<!-- squadgate:data ${Buffer.from(JSON.stringify({ head: recorded })).toString("base64")} -->`;
    github.checkRuns(
      HEAD_SHA,
      [{ id: 7, external_id: "squadgate:old", conclusion: "action_required", output: { text } }],
      [laxPull()],
    );
    github.pull(GUARDED, guardedPull());
    guardedReads();
    github.updateCheck(7);

    await receive("pull_request", laxOpened());

    expect(github.bodyOf("PATCH", "check-runs/7")).toMatchObject({ conclusion: "action_required" });
  });

  it("once the sibling is approved, the shared check passes", async () => {
    github
      .config(LAX, CONFIG)
      .pull(PR_NUMBER, laxPull())
      .files(PR_NUMBER, [changedFile("src/app.ts")]);
    github.checkRuns(HEAD_SHA, [], [laxPull(), guardedPull()]);
    guardedReads([
      { user: { login: "dana" }, state: "APPROVED", commit_id: HEAD_SHA, submitted_at: "2026-11-01T00:00:00Z" },
    ]);
    github.createCheck();

    await receive("pull_request", laxOpened());

    expect(github.bodyOf("POST", "check-runs")).toMatchObject({
      conclusion: "success",
      output: { title: "#1: All 1 required role approved" },
    });
  });
});

describe("moving a pull request to another base", () => {
  it("takes a passing verdict back first (a new run in progress), then gives the verdict for the new base", async () => {
    const passing = { id: 5, external_id: "squadgate:abc", status: "completed", conclusion: "success" };
    github.checkRunsOnly(HEAD_SHA, [passing]);
    github.scope.post(`${github.repoPath}/check-runs`).reply(201, (_uri, body) => ({ id: 6, ...(body as object) }));
    github
      .config(BASE_REF, CONFIG)
      .pull(PR_NUMBER, livePullRequest())
      .files(PR_NUMBER, [changedFile("prompts/support.txt")]);
    github.checkRuns(HEAD_SHA, [
      { id: 6, external_id: "squadgate:pending", status: "in_progress", conclusion: null },
      passing,
    ]);
    github
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, [])
      .requestReviewers(PR_NUMBER)
      .updateCheck(6);

    const opened = webhook("pull_request.opened");
    await receive("pull_request", {
      ...opened,
      action: "edited",
      changes: { base: { ref: { from: LAX }, sha: { from: "f".repeat(40) } } },
    });

    expect(github.writes.map((c) => `${c.method} ${c.path}`)).toEqual([
      "POST /repos/Codertocat/Hello-World/check-runs",
      "POST /repos/Codertocat/Hello-World/pulls/2/requested_reviewers",
      "PATCH /repos/Codertocat/Hello-World/check-runs/6",
    ]);
    expect(github.writes[0]?.body).toMatchObject({
      name: "Squadgate",
      head_sha: HEAD_SHA,
      status: "in_progress",
      output: { title: "Re-evaluating" },
    });
    expect(github.bodyOf("PATCH", "check-runs/6")).toMatchObject({
      status: "completed",
      conclusion: "action_required",
    });
  });

  it("a blocking verdict is not taken back (it already blocks); on a base without a policy the check then says nothing is gated", async () => {
    const blocking = { id: 5, external_id: "squadgate:abc", status: "completed", conclusion: "action_required" };
    github.checkRunsOnly(HEAD_SHA, [blocking]);
    github.config(BASE_REF, null);
    github.checkRunsOnly(HEAD_SHA, [blocking]).openPulls([livePullRequest()]).updateCheck(5);

    const opened = webhook("pull_request.opened");
    await receive("pull_request", {
      ...opened,
      action: "edited",
      changes: { base: { ref: { from: LAX }, sha: { from: "f".repeat(40) } } },
    });

    expect(github.writes.map((c) => `${c.method} ${c.path}`)).toEqual([
      "PATCH /repos/Codertocat/Hello-World/check-runs/5",
    ]);
    expect(github.bodyOf("PATCH", "check-runs/5")).toMatchObject({
      conclusion: "neutral",
      output: { title: "Not gated" },
    });
  });
});

describe("check runs of other apps", () => {
  it("a run named Squadgate from another app, even with our external id, is neither read nor updated: ours is created", async () => {
    github
      .config(BASE_REF, CONFIG)
      .pull(PR_NUMBER, livePullRequest())
      .files(PR_NUMBER, [changedFile("prompts/support.txt")]);
    // GitHub lists only our app's runs (app_id); were another app's listed anyway, it would still not count.
    const planted = {
      id: 66,
      external_id: "squadgate:0123456789abcdef",
      app: { id: 999, slug: "planter" },
      status: "completed",
      conclusion: "success",
    };
    github.checkRuns(HEAD_SHA, [planted]);
    github
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, [])
      .requestReviewers(PR_NUMBER)
      .createCheck(67);

    await receive("pull_request", webhook("pull_request.opened"));

    expect(github.writes.map((c) => `${c.method} ${c.path}`)).toEqual([
      "POST /repos/Codertocat/Hello-World/pulls/2/requested_reviewers",
      "POST /repos/Codertocat/Hello-World/check-runs",
    ]);
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({ conclusion: "action_required" });
  });

  it("Re-run on another app's run named Squadgate is ignored", async () => {
    const rerun = {
      action: "rerequested",
      check_run: {
        id: 66,
        name: "Squadgate",
        head_sha: HEAD_SHA,
        external_id: "squadgate:x",
        app: { id: 999 },
        pull_requests: [],
      },
      repository: webhook("pull_request.opened")["repository"],
      installation: { id: 1 },
    };
    await receive("check_run", rerun);
    expect(github.calls).toEqual([]);
  });
});

describe("how the base branch requires the check", () => {
  const noAsset = () =>
    github
      .config(BASE_REF, CONFIG)
      .pull(PR_NUMBER, livePullRequest())
      .files(PR_NUMBER, [changedFile("src/app.ts")])
      .checkRuns(HEAD_SHA, [])
      .createCheck();

  it("not required: the check says merging does not wait for it", async () => {
    noAsset();
    github.branchRules(BASE_REF, { ruleset: [], classic: [] });
    await receive("pull_request", webhook("pull_request.opened"));
    expect(summaryOf(github.bodyOf("POST", "check-runs"))).toContain(
      "**Squadgate** is not a required check on `master`, so merging does not wait for it.",
    );
  });

  it("required but not pinned to the app: the check says anyone who can write checks could report it", async () => {
    noAsset();
    github.branchRules(BASE_REF, { classic: [{ context: "Squadgate", app_id: null }] });
    await receive("pull_request", webhook("pull_request.opened"));
    expect(summaryOf(github.bodyOf("POST", "check-runs"))).toContain("is not pinned to the Squadgate app");
  });

  it("required and pinned (in a ruleset): nothing to say", async () => {
    noAsset();
    github.branchRules(BASE_REF, {
      ruleset: [{ context: "Squadgate", integration_id: 1 }],
      classic: [{ context: "Squadgate", app_id: null }],
    });
    await receive("pull_request", webhook("pull_request.opened"));
    expect(summaryOf(github.bodyOf("POST", "check-runs"))).toBe(
      "This pull request changes no file that Squadgate treats as an AI asset.",
    );
  });
});

describe("approving one's own changes", () => {
  const approvedByDana = [
    { user: { login: "dana" }, state: "APPROVED", commit_id: HEAD_SHA, submitted_at: "2026-11-01T00:00:00Z" },
  ];
  const reads = (config = CONFIG) =>
    github
      .config(BASE_REF, config)
      .pull(PR_NUMBER, livePullRequest())
      .files(PR_NUMBER, [changedFile("prompts/support.txt")])
      .checkRuns(HEAD_SHA, [])
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, approvedByDana);

  it("someone who pushed to the pull request cannot approve it for their role, whatever its commits claim", async () => {
    reads();
    // The commits name the author; GitHub's activity log says dana pushed one of them.
    github.pushedBy(PR_NUMBER, {
      commits: [{ author: "Codertocat", committer: "Codertocat" }],
      pushes: ["Codertocat", "dana"],
    });
    github.createCheck(); // nobody left to ask: dana, the only member, has reviewed

    await receive("pull_request", webhook("pull_request.opened"));

    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({
      conclusion: "action_required",
      output: { title: "Waiting for @ds (0 of 1 approved)" },
    });
    expect(summaryOf(check)).toContain(
      "@dana's approval for `@ds` no longer counts: they pushed commits to this pull request, and nobody approves their own changes",
    );
  });

  it("where the branch's pushes cannot be read (a fork), the commits' authors and committers still cannot approve, and the check says so", async () => {
    reads();
    github.pushedBy(PR_NUMBER, { commits: [{ author: "Codertocat", committer: "dana" }], pushes: null });
    github.createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({ conclusion: "action_required" });
    expect(summaryOf(check)).toContain("Squadgate could not read who pushed to");
  });

  it("approvals.pushers_may_approve: true lets them approve, and who pushed is not read", async () => {
    reads(`${CONFIG}approvals:\n  pushers_may_approve: true\n`);
    github.createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    expect(github.lines.some((l) => l.includes("/commits?") || l.includes("/activity"))).toBe(false);
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({ conclusion: "success" });
  });
});

describe("Squadgate's policy files with no owner", () => {
  it("a PR that deletes squadgate.yml (opting the repository out) still needs every declared role", async () => {
    github
      .config(BASE_REF, CONFIG)
      .pull(PR_NUMBER, livePullRequest())
      .files(PR_NUMBER, [changedFile(".github/squadgate.yml", "removed")])
      .checkRuns(HEAD_SHA, [])
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, [])
      .config(HEAD_SHA, null) // validated at the head: gone there
      .requestReviewers(PR_NUMBER)
      .createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({
      conclusion: "action_required",
      output: { title: "Waiting for @ds (0 of 1 approved)" },
    });
    expect(summaryOf(check)).toContain(
      "no rule owns .github/squadgate.yml, so every declared role must approve a change to it",
    );
    expect(github.bodyOf("POST", "requested_reviewers")).toEqual({ reviewers: ["dana"], team_reviewers: [] });
  });
});
