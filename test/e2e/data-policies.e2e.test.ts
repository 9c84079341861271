import { describe, expect, it } from "vitest";
import { readFixture } from "../helpers/fixtures.js";
import { addedPatch, fakeGitHubToken, withLuhn } from "../helpers/synthetic-pii.js";
import type { FakeGitHub } from "./fake-github/server.js";
import type { FakeFile, FakeRepo } from "./fake-github/state.js";
import type { AppProcess } from "./harness/app-process.js";
import { useAppAgainstFake } from "./harness/app-against-fake.js";
import { deliver, pullRequestEvent, reviewEvent, type Delivery } from "./harness/webhooks.js";

/**
 * One scenario per data policy, against the built app as its own process and the fake GitHub that
 * checks every request against GitHub's OpenAPI description (and refuses more than 50 annotations
 * in one request, as GitHub does).
 */
const CONFIG = `
checklists:
  where: off
roles:
  mle:
    members: [mia]
  legal:
    members: [lee]
  privacy:
    members: [pia]
licences:
  role: legal
sensitive_data:
  role: privacy
`;
const OWNERS = "/models/ @mle\n/datasets/ @mle\n";
const BASE = "b".repeat(40);
const sha = (n: number) => n.toString(16).padStart(40, "0");

let fake: FakeGitHub;
let app: AppProcess;
let repoCount = 0;

useAppAgainstFake((world) => ({ fake, app } = world));

function repoWith(files: Record<string, string>, head: string, headFiles: Record<string, string>): FakeRepo {
  const repo = fake.state.repo("acme", `data-${++repoCount}`);
  const policy = { ".github/squadgate.yml": CONFIG, ".github/SQUADOWNERS": OWNERS };
  fake.state.commit(repo, "main", { ...policy, ...files });
  fake.state.commit(repo, BASE, { ...policy, ...files });
  fake.state.commit(repo, head, { ...policy, ...files, ...headFiles });
  return repo;
}

const send = (delivery: Delivery) => deliver(app.url, app.env["WEBHOOK_SECRET"] as string, delivery);
const ours = (repo: FakeRepo, head: string) => repo.checkRuns.filter((r) => r.head_sha === head && r.app.id === 4242);

describe("data policies, end to end", { timeout: 40_000 }, () => {
  it("licences: a model card moved to Llama 3 terms waits for legal, on the card's line, until legal approves", async () => {
    const card = "models/support/README.md";
    const repo = repoWith({ [card]: readFixture("cards/qwen2.5-1.5b-anti-sycophancy-lora.md") }, sha(1), {
      [card]: readFixture("cards/meta-llama-3-8b-instruct-gguf.md"),
    });
    const file: FakeFile = {
      filename: card,
      status: "modified",
      additions: 3,
      patch: "@@ -1,3 +1,3 @@\n---\n-license: apache-2.0\n+license: other",
    };
    const pull = fake.state.pull(repo, { number: 7, headSha: sha(1), files: [file] });
    await send({ name: "pull_request", payload: pullRequestEvent(repo, pull, "opened") });

    const [check] = ours(repo, sha(1));
    expect(check).toMatchObject({
      conclusion: "action_required",
      output: { title: "Waiting for @legal (0 of 1 approved)" },
    });
    expect(check?.output.summary).toContain(
      "| ⚠️ | `models/support/README.md:12` | `llama3` (was `apache-2.0`) | vendor |",
    );
    expect(check?.annotations).toEqual([
      expect.objectContaining({ path: card, start_line: 12, annotation_level: "warning" }),
    ]);
    expect(pull.requestedUsers).toEqual(["lee"]);
    expect(fake.requests.filter((r) => r.path === "/graphql")).toHaveLength(1);

    pull.reviews.push({
      id: 1,
      login: "lee",
      state: "APPROVED",
      commit_id: sha(1),
      submitted_at: new Date().toISOString(),
    });
    await send({ name: "pull_request_review", payload: reviewEvent(repo, pull, "lee", "APPROVED") });
    expect(ours(repo, sha(1))).toMatchObject([{ conclusion: "success" }]);
  });

  it("sensitive data: 60 findings become 60 annotations in two requests, none echoing a value; privacy must approve", async () => {
    const card = withLuhn("4".padEnd(15, "2"));
    const lines = [
      ...Array.from({ length: 58 }, (_, i) => `{"text": "mail me at someone${i}@mailbox.eu"}`),
      `{"card": "${card}"}`,
      `{"token": "${fakeGitHubToken()}"}`,
    ];
    const dataset = "datasets/tickets/train.jsonl";
    const repo = repoWith(
      { "datasets/tickets/README.md": readFixture("cards/qwen2.5-1.5b-anti-sycophancy-lora.md") },
      sha(2),
      {},
    );
    const pull = fake.state.pull(repo, {
      number: 8,
      headSha: sha(2),
      files: [{ filename: dataset, status: "added", additions: lines.length, patch: addedPatch(lines) }],
    });
    await send({ name: "pull_request", payload: pullRequestEvent(repo, pull, "opened") });

    const runs = ours(repo, sha(2));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      conclusion: "action_required",
      output: { title: "Waiting for @mle, @privacy (0 of 2 approved)" },
    });
    expect(runs[0]?.annotations).toHaveLength(60);
    expect(runs[0]?.annotations?.at(-1)).toMatchObject({ path: dataset, start_line: 60, annotation_level: "failure" });
    expect(
      fake
        .writes(/check-runs/)
        .map((r) => (r.body as { output?: { annotations?: unknown[] } }).output?.annotations?.length),
    ).toEqual([50, 10]);
    const everything = JSON.stringify(repo.checkRuns);
    for (const value of [card, fakeGitHubToken(), "someone0@mailbox.eu"]) expect(everything).not.toContain(value);
    expect(pull.requestedUsers.sort()).toEqual(["mia", "pia"]);
  });
});
