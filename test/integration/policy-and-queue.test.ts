import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import type { GitHubMock } from "../helpers/github-mock.js";
import { useMockedApp } from "../helpers/mocked-app.js";
import { BASE_REF, changedFile, HEAD_SHA, livePullRequest, PR_NUMBER, webhook } from "../helpers/fixtures.js";

const CONFIG = "checklists:\n  where: off\nroles:\n  ds:\n    members: [dana]\n  legal:\n    members: [lee]\n";
const OWNERS = "/prompts/ @ds\n/.github/ @legal\n";
const approved = (login: string) => ({
  user: { login },
  state: "APPROVED",
  commit_id: HEAD_SHA,
  submitted_at: "2026-11-01T00:00:00Z",
});

let probot: Probot;
let github: GitHubMock;

useMockedApp((app) => ({ probot, github } = app));

const receive = (name: string, payload: object) => probot.receive({ id: "delivery-q", name, payload } as never);
const summaryOf = (body: Record<string, unknown>) => (body["output"] as { summary: string }).summary;

/** GitHub's push example onto the base branch, its one commit touching `paths`. */
function pushTouching(paths: string[], ref = `refs/heads/${BASE_REF}`) {
  const push = webhook("push");
  return { ...push, ref, commits: [{ ...push["commits"][0], added: [], removed: [], modified: paths }] };
}

describe("a policy change on a base branch", () => {
  it("a push that touches no policy path costs nothing", async () => {
    await receive("push", pushTouching(["README.md", "src/app.ts"]));
    expect(github.calls).toEqual([]);
  });

  it("a push that changes the ownership file judges the open pull requests into that branch again, under the new policy", async () => {
    // The new ownership file makes @ds own prompts, and the open PR #2 changes a prompt: its green check must not stay.
    github.config(BASE_REF, CONFIG);
    github.scope
      .get(`${github.repoPath}/pulls`)
      .query({ state: "open", base: BASE_REF, per_page: "100" })
      .reply(200, [livePullRequest()]);
    github
      .config(BASE_REF, CONFIG)
      .files(PR_NUMBER, [changedFile("prompts/support.txt")])
      .checkRuns(
        HEAD_SHA,
        [{ id: 7, external_id: "squadgate:green", status: "completed", conclusion: "success" }],
        [livePullRequest()],
      )
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, [])
      .requestReviewers(PR_NUMBER)
      .updateCheck(7);

    await receive("push", pushTouching([".github/SQUADOWNERS"]));

    expect(github.bodyOf("PATCH", "check-runs/7")).toMatchObject({
      conclusion: "action_required",
      output: { title: "Waiting for @ds (0 of 1 approved)" },
    });
  });

  it("a push to a branch without a policy reads its config once and stops", async () => {
    github.config("release", null);
    await receive("push", pushTouching([".github/workflows/ci.yml"], "refs/heads/release"));
    expect(github.lines).toEqual([
      "GET /repos/Codertocat/Hello-World/contents/.github/squadgate.yml?ref=refs/heads/release",
      "GET /repos/Codertocat/.github/contents/.github/squadgate.yml",
    ]);
  });
});

describe("merge queues", () => {
  const group = () => webhook("merge_group.checks_requested");
  const GROUP_SHA = group()["merge_group"].head_sha as string;
  const queue = (entries: { number: number; sha: string }[]) =>
    github.scope
      .post("/graphql", (body: { query?: string }) => /mergeQueue/.test(body.query ?? ""))
      .reply(200, {
        data: {
          repository: {
            mergeQueue: {
              entries: {
                nodes: entries.map((e, i) => ({
                  position: i + 1,
                  headCommit: { oid: e.sha },
                  pullRequest: { number: e.number },
                })),
              },
            },
          },
        },
      });
  /** What judging one pull request of the group reads, at its current head. */
  const member = (number: number, opts: { files: string[]; reviews: object[] }) => {
    const pr = livePullRequest({ number });
    github
      .pull(number, pr)
      .files(
        number,
        opts.files.map((f) => changedFile(f)),
      )
      .checkRuns(HEAD_SHA, [], [pr]);
    // Ownership and reviews are read only when an asset changed.
    if (opts.files.some((f) => f.startsWith("prompts/")))
      github.file(".github/SQUADOWNERS", BASE_REF, OWNERS).reviews(number, opts.reviews);
  };

  it("judges every pull request in the group (and those queued ahead) and holds the group when one is no longer satisfied", async () => {
    github.config(BASE_REF, CONFIG);
    queue([
      { number: 1, sha: "a".repeat(40) },
      { number: PR_NUMBER, sha: GROUP_SHA },
      { number: 3, sha: "c".repeat(40) },
    ]);
    member(1, { files: ["prompts/a.txt"], reviews: [] }); // queued ahead; its approval was dismissed since
    member(PR_NUMBER, { files: ["src/app.ts"], reviews: [] });
    github.checkRunsOnly(GROUP_SHA, []).createCheck(90);

    await receive("merge_group", group());

    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({
      head_sha: GROUP_SHA,
      name: "Squadgate",
      conclusion: "action_required",
      output: { title: "#1: Waiting for @ds (0 of 1 approved)" },
    });
    expect(summaryOf(check)).toContain("| #1 | ⏳ Waiting for @&#8203;ds (0 of 1 approved) |");
    expect(summaryOf(check)).toContain("| #2 | ✅ No AI assets changed |");
    expect(summaryOf(check)).not.toContain("#3"); // queued behind: not in this group
  });

  it("lets the group merge when every pull request in it may", async () => {
    github.config(BASE_REF, CONFIG);
    queue([{ number: PR_NUMBER, sha: GROUP_SHA }]);
    member(PR_NUMBER, { files: ["prompts/a.txt"], reviews: [approved("dana")] });
    github.checkRunsOnly(GROUP_SHA, []).createCheck(90);

    await receive("merge_group", group());

    expect(github.bodyOf("POST", "check-runs")).toMatchObject({
      head_sha: GROUP_SHA,
      conclusion: "success",
      output: { title: "All 1 pull request in this group may merge" },
    });
  });

  it("when the queue cannot be read, judges the pull request the queue branch names, and says so", async () => {
    github.config(BASE_REF, CONFIG);
    github.scope.post("/graphql").reply(200, { errors: [{ message: "Resource not accessible by integration" }] });
    member(PR_NUMBER, { files: ["prompts/a.txt"], reviews: [approved("dana")] });
    github.checkRunsOnly(GROUP_SHA, []).createCheck(90);

    await receive("merge_group", group());

    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({ conclusion: "success" });
    expect(summaryOf(check)).toContain(
      "Squadgate could not read the merge queue, so only the pull request the queue branch names was judged.",
    );
  });

  it("a repository that has not opted in: nothing written", async () => {
    github.config(BASE_REF, null);
    await receive("merge_group", group());
    expect(github.writes).toEqual([]);
  });
});
