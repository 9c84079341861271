import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import type { GitHubMock } from "../helpers/github-mock.js";
import { useMockedApp } from "../helpers/mocked-app.js";
import { BASE_REF, changedFile, HEAD_SHA, livePullRequest, OWNER, PR_NUMBER, webhook } from "../helpers/fixtures.js";

/**
 * GitHub's rate limit per installation is the app's real cost. These budgets fail the build when an
 * event starts costing more requests, more rate-limited ones (a `304 Not Modified` answer to a
 * conditional request is free), more sequential round trips or more writes. They count, they do not
 * time. The README's Performance section lists the same figures.
 */
const CONFIG = "checklists:\n  where: off\nroles:\n  ds:\n    members: [dana, Codertocat/data-science]\n";
const OWNERS = "/prompts/ @ds\n";

let probot: Probot;
let github: GitHubMock;

useMockedApp((app) => ({ probot, github } = app));

const receive = (name: string, payload: object) => probot.receive({ id: "budget", name, payload } as never);
/** Requests made, those that count against the rate limit (not 304), sequential round trips, writes. */
const cost = () => ({
  calls: github.calls.length,
  rateLimited: github.calls.length - github.notModified,
  roundTrips: github.roundTrips,
  writes: github.writes.length,
});

function files(count: number, prompts = 1) {
  return Array.from({ length: count }, (_, i) => changedFile(i < prompts ? `prompts/p${i}.txt` : `src/f${i}.ts`));
}

/** A synchronize on an AI pull request whose check already says what this run decides. */
async function steadySynchronize(fileCount: number, config = CONFIG): Promise<ReturnType<typeof cost>> {
  const list = files(fileCount);
  const reviews = [
    { user: { login: "dana" }, state: "APPROVED", commit_id: HEAD_SHA, submitted_at: "2026-11-01T00:00:00Z" },
  ];
  const read = (checkRuns: object[]) =>
    github
      .config(BASE_REF, config)
      .pull(PR_NUMBER, livePullRequest({ changed_files: list.length }))
      .files(PR_NUMBER, list)
      .checkRuns(HEAD_SHA, checkRuns)
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, reviews);
  read([]);
  if (fileCount >= 3000) {
    // Past GitHub's listing: the paths come from the trees (cached afterwards, like comparisons).
    github
      .mergeBase(livePullRequest()["base"].sha, HEAD_SHA, "d".repeat(40))
      .tree(
        HEAD_SHA,
        list.map((f) => f.filename),
        { version: () => "2".repeat(40) },
      )
      .tree("d".repeat(40), []);
  }
  github.createCheck(5);
  await receive("pull_request", webhook("pull_request.synchronize"));
  const written = github.writtenCheck(5);
  github.resetCounters();
  read([written]);
  await receive("pull_request", webhook("pull_request.synchronize"));
  return cost();
}

describe("API budget per event", () => {
  it.each([
    // The reads: config; the pull request's files, our check run and the pull requests at its head
    // (the pull request among them; another one with the same head shares the check run); ownership
    // and reviews. Delivered again, only our check run's listing has changed (the first delivery wrote it).
    [10, { calls: 6, rateLimited: 1, roundTrips: 3, writes: 0 }],
    // Larger pull requests add the file pages: after the first, 10 at a time.
    [300, { calls: 8, rateLimited: 1, roundTrips: 4, writes: 0 }],
    // At GitHub's 3,000-file listing limit the rest comes from the git trees, cached after the first time.
    [3000, { calls: 35, rateLimited: 1, roundTrips: 6, writes: 0 }],
  ])("the same synchronize delivered again, verdict unchanged, %i files: %j", async (count, budget) => {
    const spent = await steadySynchronize(count);
    expect(spent.writes).toBe(0);
    expect(spent.calls).toBeLessThanOrEqual(budget.calls);
    expect(spent.rateLimited).toBeLessThanOrEqual(budget.rateLimited);
    expect(spent.roundTrips).toBeLessThanOrEqual(budget.roundTrips);
  });

  // The agent policy reads the commits and who pushed (cached for the head, as for approvals), and
  // for a pull request nothing else shows an agent wrote, the description's edit history (one
  // GraphQL query per event, after them). It needs the pull request's commit count, which only the
  // single read gives. The providers policy reads nothing here: no model config changed.
  it("synchronize with the agent and provider policies, 10 files, a human's pull request: two more calls, one more round trip", async () => {
    github.descriptionHistory([]).descriptionHistory([]);
    const spent = await steadySynchronize(10, `${CONFIG}agents: {}\nproviders:\n  roles: [ds]\n`);
    expect(spent).toEqual({ calls: 8, rateLimited: 2, roundTrips: 4, writes: 0 });
  });

  // A fresh process also reads how the base branch requires the check (rulesets and branch
  // protection: 2 reads, in parallel with the others, then cached for an hour per branch).
  it("opened, AI pull request, first sight of the repository: 6 reads in 3 round trips (+2 branch-rule reads an hour), then a review request and the check", async () => {
    github
      .config(BASE_REF, CONFIG)
      .pull(PR_NUMBER, livePullRequest())
      .files(PR_NUMBER, files(1))
      .checkRuns(HEAD_SHA, [])
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, [])
      .requestReviewers(PR_NUMBER)
      .createCheck();
    await receive("pull_request", webhook("pull_request.opened"));
    expect(cost()).toEqual({ calls: 10, rateLimited: 10, roundTrips: 5, writes: 2 });
  });

  it("a pull request that touches no AI asset: 4 reads in 2 round trips (+2 branch-rule reads an hour) and one write", async () => {
    github
      .config(BASE_REF, CONFIG)
      .pull(PR_NUMBER, livePullRequest())
      .files(PR_NUMBER, files(10, 0))
      .checkRuns(HEAD_SHA, [])
      .createCheck();
    await receive("pull_request", webhook("pull_request.opened"));
    expect(cost()).toEqual({ calls: 7, rateLimited: 7, roundTrips: 3, writes: 1 });
  });

  // The first approval at a head also reads who pushed to the pull request (its commits and its
  // branch's activity, in parallel with the team), cached for that head.
  it("a review by a team member: one more read (the team), plus who pushed (2), cached for the next event", async () => {
    const reviews = [
      { user: { login: "dora" }, state: "APPROVED", commit_id: HEAD_SHA, submitted_at: "2026-11-01T00:00:00Z" },
    ];
    const read = () =>
      github
        .config(BASE_REF, CONFIG)
        .pull(PR_NUMBER, livePullRequest())
        .files(PR_NUMBER, files(1))
        .checkRuns(HEAD_SHA, [{ id: 5, external_id: "squadgate:old" }])
        .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
        .reviews(PR_NUMBER, reviews);
    read();
    github.teamMembers(OWNER, "data-science", ["dora"]).updateCheck(5);
    const review = webhook("pull_request_review.submitted");
    await receive("pull_request_review", review);
    expect(cost()).toEqual({ calls: 12, rateLimited: 12, roundTrips: 5, writes: 1 });
    github.resetCounters();
    read();
    github.updateCheck(5);
    await receive("pull_request_review", review);
    // No team or pusher read: the member list is cached for a minute, who pushed for the head; the
    // rest is answered 304. (The check is written again: this mock still lists it as before.)
    expect(cost()).toMatchObject({ calls: 7, rateLimited: 1 });
  });
});

/**
 * The installation has seen the repository before: Squadgate kept GitHub's answers and their ETags,
 * so it asks again conditionally and what has not changed costs nothing. Each event below is what
 * GitHub would send next; the mock answers as GitHub would after the previous one.
 */
describe("rate-limited cost of an AI pull request's events, warm", () => {
  const PUSHED = "b".repeat(40);
  const OPENED = "c".repeat(40);
  const at = (sha: string, overrides: Record<string, unknown> = {}) => {
    const pr = livePullRequest(overrides);
    return { ...pr, head: { ...pr["head"], sha } };
  };
  const event = (name: string, pr: Record<string, any>, extra: object = {}) => {
    const payload = webhook(name);
    return { ...payload, ...extra, pull_request: { ...payload["pull_request"], ...pr } };
  };
  /** The gate's reads of pull request `pr` (found among those at its head), as GitHub now answers them. */
  const gateReads = (pr: Record<string, any>, opts: { files: object[]; checks: object[]; reviews?: object[] }) => {
    github
      .config(BASE_REF, CONFIG)
      .pull(pr["number"], pr, { read: false })
      .files(pr["number"], opts.files)
      .checkRuns(pr["head"].sha, opts.checks, [pr])
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS);
    if (opts.reviews) github.reviews(pr["number"], opts.reviews);
  };
  const asked = { requested_reviewers: [{ login: "dana" }], requested_teams: [{ slug: "data-science" }] };
  const approved = [
    { user: { login: "dana" }, state: "APPROVED", commit_id: PUSHED, submitted_at: "2026-11-02T00:00:00Z" },
  ];

  it("a push, the same delivery again, a review, an opened pull request: at most 4, 2, 5 and 5 rate-limited requests", async () => {
    // Seen before: the pull request's previous head was judged (its check failing: @ds has not approved).
    const before = at(HEAD_SHA);
    gateReads(before, { files: files(3), checks: [], reviews: [] });
    github.requestReviewers(PR_NUMBER).createCheck(5);
    await receive("pull_request", event("pull_request.synchronize", before));

    // A new commit: the files, the new head's check runs and pull requests are new; the config,
    // ownership and reviews are answered 304. The check is written on the new head.
    github.resetCounters();
    const pushed = at(PUSHED, { ...asked, updated_at: "2026-11-02T00:00:00Z" });
    const moreFiles = [...files(3), changedFile("src/new.ts")];
    gateReads(pushed, { files: moreFiles, checks: [], reviews: [] });
    github.createCheck(6);
    const push = event("pull_request.synchronize", pushed, { after: PUSHED });
    await receive("pull_request", push);
    expect(cost()).toEqual({ calls: 7, rateLimited: 4, roundTrips: 4, writes: 1 });
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({ head_sha: PUSHED, conclusion: "action_required" });

    // The same delivery again: only the listing of the check runs changed (the write above).
    const check = github.writtenCheck(6);
    github.resetCounters();
    gateReads(pushed, { files: moreFiles, checks: [check], reviews: [] });
    await receive("pull_request", push);
    expect(cost()).toEqual({ calls: 6, rateLimited: 1, roundTrips: 3, writes: 0 });

    // An approval: the reviews and the pull request (GitHub marks it updated) are new, and so is
    // who pushed to it (read once per head, since approvals now count); the check is updated.
    github.resetCounters();
    const reviewed = at(PUSHED, { ...asked, updated_at: "2026-11-02T00:01:00Z" });
    gateReads(reviewed, { files: moreFiles, checks: [check], reviews: approved });
    github.updateCheck(6);
    await receive("pull_request_review", event("pull_request_review.submitted", reviewed));
    expect(cost()).toEqual({ calls: 9, rateLimited: 5, roundTrips: 5, writes: 1 });
    expect(github.bodyOf("PATCH", "check-runs/6")).toMatchObject({ conclusion: "success" });

    // Another AI pull request is opened: nobody can have reviewed it yet (GitHub's updated_at is its
    // created_at), so of its reads only the files, the head's check runs and pull requests count.
    github.resetCounters();
    const opened = at(OPENED, { number: 3, created_at: "2026-11-03T00:00:00Z", updated_at: "2026-11-03T00:00:00Z" });
    gateReads(opened, { files: files(1), checks: [] });
    github.requestReviewers(3).createCheck(7);
    await receive("pull_request", event("pull_request.opened", opened, { number: 3 }));
    expect(cost()).toEqual({ calls: 7, rateLimited: 5, roundTrips: 5, writes: 2 });
  });

  it("a repository that has not opted in: 3 lookups the first time, then one conditional request GitHub answers 304", async () => {
    github.config(BASE_REF, null).configHistory(BASE_REF, []);
    await receive("pull_request", webhook("pull_request.synchronize"));
    expect(cost()).toEqual({ calls: 3, rateLimited: 3, roundTrips: 3, writes: 0 });

    github.resetCounters();
    github.configHistory(BASE_REF, []);
    await receive("pull_request", webhook("pull_request.synchronize"));
    expect(cost()).toEqual({ calls: 1, rateLimited: 0, roundTrips: 1, writes: 0 });
  });

  it("a repository that opts in later is gated at once: the conditional request sees the config's commit", async () => {
    github.config(BASE_REF, null).configHistory(BASE_REF, []);
    await receive("pull_request", webhook("pull_request.synchronize"));
    github.resetCounters();
    github.configHistory(BASE_REF, [{ sha: "d".repeat(40) }]);
    github
      .config(BASE_REF, CONFIG)
      .pull(PR_NUMBER, livePullRequest())
      .files(PR_NUMBER, files(10, 0))
      .checkRuns(HEAD_SHA, [])
      .createCheck();
    await receive("pull_request", webhook("pull_request.synchronize"));
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({ conclusion: "success" });
  });
});

describe("when the installation's budget runs low", () => {
  // The default checklist goes into the description: an optional write, unlike the check and the review request.
  const WITH_CHECKLIST = "roles:\n  ds:\n    members: [dana]\n";

  /** An AI pull request opened while GitHub says `remaining` requests are left this hour. */
  function openedWith(remaining: number) {
    github
      .rateLimit(remaining)
      .config(BASE_REF, WITH_CHECKLIST)
      .pull(PR_NUMBER, livePullRequest())
      .files(PR_NUMBER, files(1))
      .checkRuns(HEAD_SHA, [])
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, [])
      .requestReviewers(PR_NUMBER)
      .createCheck();
    return receive("pull_request", webhook("pull_request.opened"));
  }

  it("writes the check and the review request, leaves the checklist for later, and says so in the check", async () => {
    await openedWith(120);
    expect(github.writes.map((c) => `${c.method} ${c.path}`)).toEqual([
      `POST ${github.repoPath}/pulls/${PR_NUMBER}/requested_reviewers`,
      `POST ${github.repoPath}/check-runs`,
    ]);
    const check = github.bodyOf("POST", "check-runs") as { conclusion: string; output: { text: string } };
    expect(check.conclusion).toBe("action_required");
    expect(JSON.stringify(check.output)).toContain("request budget is low (120 left until 12:00 UTC)");
  });

  it("with budget to spare, the same event writes the checklist too", async () => {
    // The description is read again right before it is written.
    github.pull(PR_NUMBER, livePullRequest()).scope.patch(`${github.repoPath}/pulls/${PR_NUMBER}`).reply(200, {});
    await openedWith(4000);
    expect(github.writes.map((c) => `${c.method} ${c.path}`)).toContain(`PATCH ${github.repoPath}/pulls/${PR_NUMBER}`);
    expect(JSON.stringify(github.bodyOf("POST", "check-runs"))).not.toContain("budget");
  });
});
