import { describe, expect, it } from "vitest";
import { readFixture } from "../helpers/fixtures.js";
import { githubPatch } from "../helpers/patch.js";
import type { FakeGitHub } from "./fake-github/server.js";
import type { FakePull, FakeRepo } from "./fake-github/state.js";
import type { AppProcess } from "./harness/app-process.js";
import { useAppAgainstFake } from "./harness/app-against-fake.js";
import { deliver, pullRequestEvent, reviewEvent, type Delivery } from "./harness/webhooks.js";

/**
 * The AI policies end to end: the built app as its own process, against the stateful fake GitHub
 * (which checks every REST request against GitHub's OpenAPI description, and answers the
 * policies' GraphQL reads). One scenario per policy, from opening to a passing check.
 */
const CONFIG = `
roles:
  ds:
    members: [dana, dora, fruch]
  legal:
    members: [lee]
checklists:
  where: off
agents:
  approvals: 2
providers:
  roles: [legal]
`;
const OWNERS = "/prompts/ @ds\n";
const sha = (n: number) => n.toString(16).padStart(40, "0");

let fake: FakeGitHub;
let app: AppProcess;
let repoCount = 0;

useAppAgainstFake((world) => ({ fake, app } = world));

function repoWithPolicy(): FakeRepo {
  const repo = fake.state.repo("acme", `policies-${++repoCount}`);
  fake.state.commit(repo, "main", { ".github/squadgate.yml": CONFIG, ".github/SQUADOWNERS": OWNERS });
  return repo;
}

const send = (delivery: Delivery) => deliver(app.url, app.env["WEBHOOK_SECRET"] as string, delivery);
const check = (repo: FakeRepo, head: string) => {
  const runs = repo.checkRuns.filter((r) => r.head_sha === head && r.name === "Squadgate");
  expect(runs).toHaveLength(1);
  return runs[0] as (typeof runs)[number];
};

async function approve(repo: FakeRepo, pull: FakePull, login: string): Promise<void> {
  pull.reviews.push({
    id: pull.reviews.length + 1,
    login,
    state: "APPROVED",
    commit_id: pull.headSha,
    submitted_at: new Date().toISOString(),
  });
  await send({ name: "pull_request_review", payload: reviewEvent(repo, pull, login, "APPROVED") });
}

describe("the AI policies, end to end", { timeout: 40_000 }, () => {
  it("agents: Copilot's pull request needs two humans; the one who asked for it does not count", async () => {
    const repo = repoWithPolicy();
    const pull = fake.state.pull(repo, {
      number: 3,
      headSha: sha(30),
      author: "Copilot",
      authorType: "Bot",
      files: [{ filename: "prompts/support.txt", status: "modified" }],
      commits: [
        {
          sha: sha(31),
          author: "Copilot",
          authorEmail: "198982749+Copilot@users.noreply.github.com",
          committer: "web-flow",
          message: "Shorter support answers\n\nCo-authored-by: fruch <340979+fruch@users.noreply.github.com>",
        },
      ],
      pushers: ["Copilot"],
    });
    await send({ name: "pull_request", payload: pullRequestEvent(repo, pull, "opened") });
    expect(check(repo, pull.headSha)).toMatchObject({ conclusion: "action_required" });
    expect(check(repo, pull.headSha).output.summary).toContain("### Written by an AI agent");
    // fruch asked Copilot for this change: not asked to review it either.
    expect(pull.requestedUsers).toEqual(["dana", "dora"]);

    await approve(repo, pull, "fruch");
    await approve(repo, pull, "dana");
    expect(check(repo, pull.headSha)).toMatchObject({ conclusion: "action_required" });
    expect(check(repo, pull.headSha).output.summary).toContain("| ⏳ | `@ds` | 1/2 | @dana | @dora |");

    await approve(repo, pull, "dora");
    expect(check(repo, pull.headSha)).toMatchObject({
      conclusion: "success",
      output: { title: "All 1 required role approved" },
    });
  });

  it("providers: a prompt moved from Azure OpenAI to MiniMax waits for legal, naming old and new vendor", async () => {
    const repo = repoWithPolicy();
    const before = readFixture("providers/prompty/basic.prompty");
    const after = readFixture("providers/prompty/minimax-chat.prompty");
    const pull = fake.state.pull(repo, {
      number: 4,
      headSha: sha(40),
      files: [{ filename: "prompts/support.prompty", status: "modified", patch: await githubPatch(before, after) }],
    });
    fake.state.commit(repo, pull.headSha, { "prompts/support.prompty": after });
    await send({ name: "pull_request", payload: pullRequestEvent(repo, pull, "opened") });
    expect(check(repo, pull.headSha)).toMatchObject({
      conclusion: "action_required",
      output: { title: "Waiting for @ds, @legal (0 of 2 approved)" },
    });
    expect(check(repo, pull.headSha).output.summary).toContain(
      "- ⚠️ `prompts/support.prompty` line 7: `azure` (`gpt-4o`) → `minimax` (`MiniMax-M2.5`): a new vendor (`minimax`); `@legal` must approve.",
    );
    expect(pull.requestedUsers).toContain("lee");
    // The head's text in one GraphQL query; its old text from the diff. (The other query is the agent
    // policy's: nothing else shows an agent wrote this pull request, so its description's history.)
    const queries = fake.requests.filter((r) => r.path === "/graphql").map((r) => JSON.stringify(r.body));
    expect(queries.filter((q) => q.includes("object(expression"))).toHaveLength(1);
    expect(queries.filter((q) => q.includes("userContentEdits"))).toHaveLength(1);

    await approve(repo, pull, "dana");
    await approve(repo, pull, "lee");
    expect(check(repo, pull.headSha)).toMatchObject({ conclusion: "success" });
  });
});
