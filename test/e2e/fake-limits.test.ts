import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeGitHub } from "./fake-github/server.js";
import { FakeState } from "./fake-github/state.js";

/** The fake refuses what GitHub refuses, so an e2e scenario that writes past a limit fails. */
let fake: FakeGitHub;

beforeAll(async () => {
  const state = new FakeState();
  const repo = state.repo("acme", "bot");
  state.pull(repo, { number: 7, headSha: "1".repeat(40), files: [], requestedUsers: ["a", "b"] });
  fake = new FakeGitHub(state);
  await fake.start();
}, 30_000);

afterAll(async () => {
  await fake?.stop();
});

const post = (path: string, body: unknown, method = "POST") =>
  fetch(`${fake.url}/api/v3/repos/acme/bot${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  }).then((r) => r.status);
const check = (summary: string) => ({
  name: "Squadgate",
  head_sha: "1".repeat(40),
  status: "completed",
  conclusion: "success",
  output: { title: "t", summary },
});

describe("the fake GitHub's limits", () => {
  it.each<[string, string, unknown, number]>([
    ["a comment of 65,536 characters", "/issues/7/comments", { body: "x".repeat(65_536) }, 201],
    ["a comment of 65,537 characters", "/issues/7/comments", { body: "x".repeat(65_537) }, 422],
    ["a description of 65,537 characters", "/pulls/7", { body: "x".repeat(65_537) }, 422],
    ["a check summary of 65,535 bytes", "/check-runs", check("x".repeat(65_535)), 201],
    ["a check summary of 40,000 characters but 80,000 bytes", "/check-runs", check("é".repeat(40_000)), 422],
    [
      "13 reviewers on top of 2 pending",
      "/pulls/7/requested_reviewers",
      { reviewers: Array.from({ length: 13 }, (_, i) => `u${i}`) },
      201,
    ],
    ["one more reviewer past 15", "/pulls/7/requested_reviewers", { reviewers: ["late"] }, 422],
  ])("%s: %s", async (_name, path, body, status) => {
    expect(await post(path, body, path === "/pulls/7" ? "PATCH" : "POST")).toBe(status);
    expect(fake.refusals.length > 0).toBe(status === 422);
    fake.reset();
  });
});
