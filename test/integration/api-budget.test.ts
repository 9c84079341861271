import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import type { GitHubMock } from "../helpers/github-mock.js";
import { useMockedApp } from "../helpers/mocked-app.js";
import { BASE_REF, changedFile, HEAD_SHA, livePullRequest, OWNER, PR_NUMBER, webhook } from "../helpers/fixtures.js";

/**
 * GitHub's rate limit per installation is the app's real cost. These budgets fail the build when an
 * event starts costing more REST calls, more sequential round trips or more writes. They count, they
 * do not time. The README's Performance section lists the same figures.
 */
const CONFIG = "checklists:\n  where: off\nroles:\n  ds:\n    members: [dana, Codertocat/data-science]\n";
const OWNERS = "/prompts/ @ds\n";

let probot: Probot;
let github: GitHubMock;

useMockedApp((app) => ({ probot, github } = app));

const receive = (name: string, payload: object) => probot.receive({ id: "budget", name, payload } as never);
const cost = () => ({ calls: github.calls.length, roundTrips: github.roundTrips, writes: github.writes.length });

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
    // The reads: config; the pull request, its files, our check run and the pull requests at its
    // head (another open pull request with the same head shares the check run); ownership, reviews.
    [10, { calls: 7, roundTrips: 3, writes: 0 }],
    // Larger pull requests add the file pages: after the first, 10 at a time.
    [300, { calls: 9, roundTrips: 4, writes: 0 }],
    // At GitHub's 3,000-file listing limit the rest comes from the git trees, cached after the first time.
    [3000, { calls: 36, roundTrips: 6, writes: 0 }],
  ])("synchronize, verdict unchanged, %i files: %j", async (count, budget) => {
    const spent = await steadySynchronize(count);
    expect(spent.writes).toBe(0);
    expect(spent.calls).toBeLessThanOrEqual(budget.calls);
    expect(spent.roundTrips).toBeLessThanOrEqual(budget.roundTrips);
  });

  // The agent policy reads the commits and who pushed (cached for the head, as for approvals), and
  // for a pull request nothing else shows an agent wrote, the description's edit history (one
  // GraphQL query per event, after them). The providers policy reads nothing here: no model config changed.
  it("synchronize with the agent and provider policies, 10 files, a human's pull request: one more call and round trip", async () => {
    github.descriptionHistory([]).descriptionHistory([]);
    const spent = await steadySynchronize(10, `${CONFIG}agents: {}\nproviders:\n  roles: [ds]\n`);
    expect(spent).toEqual({ calls: 8, roundTrips: 4, writes: 0 });
  });

  // A fresh process also reads how the base branch requires the check (rulesets and branch
  // protection: 2 reads, in parallel with the others, then cached for an hour per branch).
  it("opened, AI pull request: 7 reads in 3 round trips (+2 branch-rule reads an hour), then a review request and the check", async () => {
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
    expect(cost()).toEqual({ calls: 11, roundTrips: 5, writes: 2 });
  });

  it("a pull request that touches no AI asset: 5 reads in 2 round trips (+2 branch-rule reads an hour) and one write", async () => {
    github
      .config(BASE_REF, CONFIG)
      .pull(PR_NUMBER, livePullRequest())
      .files(PR_NUMBER, files(10, 0))
      .checkRuns(HEAD_SHA, [])
      .createCheck();
    await receive("pull_request", webhook("pull_request.opened"));
    expect(cost()).toEqual({ calls: 8, roundTrips: 3, writes: 1 });
  });

  it("a repository that has not opted in: the config lookups only", async () => {
    github.config(BASE_REF, null);
    await receive("pull_request", webhook("pull_request.synchronize"));
    expect(cost()).toEqual({ calls: 2, roundTrips: 2, writes: 0 });
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
    expect(cost()).toEqual({ calls: 13, roundTrips: 5, writes: 1 });
    github.resetCounters();
    read();
    github.updateCheck(5);
    await receive("pull_request_review", review);
    expect(cost().calls).toBe(8); // no team or pusher read: the member list is cached for a minute, who pushed for the head
  });
});
