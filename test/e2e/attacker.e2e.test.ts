import { describe, expect, it } from "vitest";
import { makeZip } from "../helpers/zip.js";
import type { FakeGitHub } from "./fake-github/server.js";
import type { FakeFile, FakeRepo } from "./fake-github/state.js";
import type { AppProcess } from "./harness/app-process.js";
import { useAppAgainstFake } from "./harness/app-against-fake.js";
import { deliver, pullRequestEvent, type Delivery, workflowRunCompleted } from "./harness/webhooks.js";

/**
 * Someone with write access tries to walk around the gate, against the built app as its own
 * process and the stateful fake GitHub: a second pull request sharing the head, files past GitHub's
 * listing, a check run planted by another app, a hand-dispatched eval run. Then a merge queue.
 */
const CONFIG = `
roles:
  ds:
    members: [dana]
checklists:
  where: off
evals:
  workflow: eval.yml
`;
const OWNERS = "/prompts/ @ds\n/.github/ @ds\n";
const sha = (n: number) => n.toString(16).padStart(40, "0");
const prompt: FakeFile = { filename: "prompts/support.txt", status: "modified" };

let fake: FakeGitHub;
let app: AppProcess;
let repoCount = 0;

useAppAgainstFake((world) => ({ fake, app } = world));

/** A repository with the policy on `main` (and on any other branch named). */
function repoWithPolicy(...branches: string[]): FakeRepo {
  const repo = fake.state.repo("acme", `attacked-${++repoCount}`);
  for (const branch of ["main", ...branches])
    fake.state.commit(repo, branch, { ".github/squadgate.yml": CONFIG, ".github/SQUADOWNERS": OWNERS });
  return repo;
}

const send = (delivery: Delivery) => deliver(app.url, app.env["WEBHOOK_SECRET"] as string, delivery);
const checksOn = (repo: FakeRepo, head: string) =>
  repo.checkRuns.filter((r) => r.head_sha === head && r.name === "Squadgate");
const ours = (repo: FakeRepo, head: string) => checksOn(repo, head).filter((r) => r.app.id === 4242);

describe("an attacker with write access", { timeout: 40_000 }, () => {
  it("cannot turn a shared head green with a second pull request into a lax branch", async () => {
    const repo = repoWithPolicy("lax");
    const guarded = fake.state.pull(repo, { number: 7, headSha: sha(1), headRef: "feature", files: [prompt] });
    await send({ name: "pull_request", payload: pullRequestEvent(repo, guarded, "opened") });
    expect(ours(repo, sha(1))).toMatchObject([{ conclusion: "action_required" }]);

    // `lax` already holds the prompt change, so #8's own diff touches no AI asset.
    const lax = fake.state.pull(repo, {
      number: 8,
      headSha: sha(1),
      headRef: "feature",
      baseRef: "lax",
      files: [{ filename: "README.md", status: "modified" }],
    });
    await send({ name: "pull_request", payload: pullRequestEvent(repo, lax, "opened") });

    const [check] = ours(repo, sha(1));
    expect(ours(repo, sha(1))).toHaveLength(1);
    expect(check).toMatchObject({
      conclusion: "action_required",
      output: { title: "#7: Waiting for @ds (0 of 1 approved)" },
    });
    expect(check?.output.summary).toContain("This commit is the head of 2 open pull requests");
  });

  it("cannot hide a prompt change past GitHub's 3,000-file listing", async () => {
    const repo = repoWithPolicy();
    const padding: FakeFile[] = Array.from({ length: 3000 }, (_, i) => ({
      filename: `aaa/pad-${String(i).padStart(4, "0")}.txt`,
      status: "added",
    }));
    const pull = fake.state.pull(repo, { number: 7, headSha: sha(2), files: [...padding, prompt] });
    await send({ name: "pull_request", payload: pullRequestEvent(repo, pull, "opened") });

    const [check] = ours(repo, sha(2));
    expect(check).toMatchObject({
      conclusion: "action_required",
      output: { title: "Waiting for @ds (0 of 1 approved)" },
    });
    expect(check?.output.summary).toContain("prompts/support.txt");
  });

  it("cannot plant a passing check run named Squadgate from another app", async () => {
    const repo = repoWithPolicy();
    const pull = fake.state.pull(repo, { number: 7, headSha: sha(3), files: [prompt] });
    repo.checkRuns.push({
      id: fake.state.id(),
      name: "Squadgate",
      head_sha: sha(3),
      status: "completed",
      conclusion: "success",
      external_id: "squadgate:0123456789abcdef",
      output: { title: "All good", summary: "", text: null },
      app: { id: 9999, slug: "github-actions" },
    });
    await send({ name: "pull_request", payload: pullRequestEvent(repo, pull, "opened") });

    expect(ours(repo, sha(3))).toMatchObject([{ conclusion: "action_required" }]);
    expect(checksOn(repo, sha(3)).find((r) => r.app.id === 9999)).toMatchObject({
      conclusion: "success",
      output: { title: "All good" },
    }); // untouched
  });

  it("cannot get the numbers of an old, good commit credited to the head with a hand-dispatched eval run", async () => {
    const [HEAD, OLD] = ["4".repeat(40), "9".repeat(40)];
    const repo = repoWithPolicy();
    const pull = fake.state.pull(repo, { number: 7, headSha: HEAD, files: [prompt] });
    pull.reviews.push({
      id: 1,
      login: "dana",
      state: "APPROVED",
      commit_id: HEAD,
      submitted_at: new Date().toISOString(),
    });
    const results = (commit: string) =>
      makeZip([
        { name: "support.json", data: '{"pass_rate": 0.9}' },
        { name: "squadgate-commit.txt", data: commit },
      ]);
    repo.runs.push({
      id: 40,
      workflow: "eval.yml",
      event: "push",
      head_sha: OLD,
      head_branch: "main",
      status: "completed",
      conclusion: "success",
      display_title: "main",
    });
    repo.artifacts.push({ id: 41, runId: 40, name: "squadgate-evals", zip: results(OLD) });
    // mallory dispatches the base branch's workflow on an old commit and titles it like Squadgate's /eval.
    repo.artifacts.push({ id: 43, runId: 42, name: "squadgate-evals", zip: results(OLD) });
    const run = {
      id: 42,
      name: "Squadgate eval",
      path: ".github/workflows/eval.yml",
      event: "workflow_dispatch",
      status: "completed",
      conclusion: "success",
      head_sha: OLD,
      head_branch: "main",
      actor: { login: "mallory" },
      display_title: `Squadgate eval #7 ${HEAD}`,
      html_url: "https://github.com/acme/runs/42",
      pull_requests: [],
      head_repository: { id: repo.id, owner: { login: "acme" } },
      repository: { id: repo.id },
    };
    await send({ name: "workflow_run", payload: workflowRunCompleted(repo, run) });

    const comment = repo.comments.find((c) => c.body.startsWith("<!-- squadgate:eval -->"));
    expect(comment?.body).toContain("this run was not dispatched by Squadgate's /eval (started by mallory");
    expect(comment?.body).toContain("this run evaluated 9999999, not 4444444");
    expect(ours(repo, HEAD)).toMatchObject([
      { conclusion: "action_required", output: { title: "Evals could not be judged" } },
    ]);
  });
});

describe("a merge queue", { timeout: 40_000 }, () => {
  it("gets a Squadgate check on each merge group: held while a pull request in it is not satisfied, then released", async () => {
    const repo = repoWithPolicy();
    const pull = fake.state.pull(repo, { number: 7, headSha: sha(5), files: [prompt] });
    const group = {
      head_sha: sha(6),
      head_ref: `refs/heads/gh-readonly-queue/main/pr-7-${sha(5)}`,
      base_sha: "b".repeat(40),
      base_ref: "refs/heads/main",
    };
    repo.mergeQueue.push({ number: 7, sha: group.head_sha });
    const event = () => ({
      name: "merge_group",
      payload: {
        action: "checks_requested",
        merge_group: group,
        repository: {
          id: repo.id,
          name: repo.name,
          full_name: `acme/${repo.name}`,
          owner: { login: "acme", type: "Organization" },
          default_branch: "main",
        },
        installation: { id: 1 },
      },
    });

    await send(event());
    expect(ours(repo, group.head_sha)).toMatchObject([
      { conclusion: "action_required", output: { title: "#7: Waiting for @ds (0 of 1 approved)" } },
    ]);

    pull.reviews.push({
      id: 1,
      login: "dana",
      state: "APPROVED",
      commit_id: sha(5),
      submitted_at: new Date().toISOString(),
    });
    await send(event());
    expect(ours(repo, group.head_sha)).toMatchObject([
      { conclusion: "success", output: { title: "All 1 pull request in this group may merge" } },
    ]);
  });
});
