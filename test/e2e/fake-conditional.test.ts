import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeGitHub } from "./fake-github/server.js";
import { type FakePull, type FakeRepo, FakeState } from "./fake-github/state.js";

/**
 * The fake answers conditional requests as GitHub does: a 200 GET carries an ETag of its body, the
 * same GET with that ETag in `If-None-Match` is a bodiless 304 while nothing changed, and 304s are
 * free of the rate limit.
 */
let fake: FakeGitHub;
let state: FakeState;
let repo: FakeRepo;
let pull: FakePull;

beforeAll(async () => {
  state = new FakeState();
  repo = state.repo("acme", "bot");
  state.commit(repo, "main", { ".github/squadgate.yml": "version: 1\n" });
  pull = state.pull(repo, { number: 7, headSha: "1".repeat(40), files: [] });
  fake = new FakeGitHub(state);
  await fake.start();
}, 30_000);

afterAll(async () => {
  await fake?.stop();
});

beforeEach(() => {
  fake.reset();
});

const get = async (path: string, etag?: string) => {
  const response = await fetch(`${fake.url}/api/v3/repos/acme/bot${path}`, {
    headers: etag ? { "if-none-match": etag } : {},
  });
  const remaining = response.headers.get("x-ratelimit-remaining");
  return { status: response.status, etag: response.headers.get("etag"), body: await response.text(), remaining };
};
const CONFIG = "/contents/.github%2Fsquadgate.yml?ref=refs%2Fheads%2Fmain";

describe("the fake GitHub's conditional requests", () => {
  it("answers a 200 GET with a weak ETag of its body, the same for the same body", async () => {
    const first = await get("/pulls/7");
    expect(first.status).toBe(200);
    expect(first.etag).toMatch(/^W\/"[0-9a-f]{40}"$/);
    expect((await get("/pulls/7")).etag).toBe(first.etag);
    expect((await get(CONFIG)).etag).not.toBe(first.etag);
  });

  it.each([
    ["a pull request", "/pulls/7", () => (pull.body = `${pull.body}edited`)],
    ["a file", CONFIG, () => state.commit(repo, "main", { ".github/squadgate.yml": "version: 2\n" })],
  ])(
    "answers 304 with no body while %s is unchanged, and 200 with a new ETag once it changed",
    async (_what, path, change) => {
      const first = await get(path);
      const again = await get(path, first.etag ?? "");
      expect(again).toMatchObject({ status: 304, etag: first.etag, body: "" });
      expect(await get(path, `"other", ${first.etag}`)).toMatchObject({ status: 304 });
      expect(await get(path, 'W/"0000"')).toMatchObject({ status: 200, etag: first.etag });

      change();
      const changed = await get(path, first.etag ?? "");
      expect(changed.status).toBe(200);
      expect(changed.body).not.toBe(first.body);
      expect(changed.etag).toMatch(/^W\/"[0-9a-f]{40}"$/);
      expect(changed.etag).not.toBe(first.etag);
      expect(await get(path, changed.etag ?? "")).toMatchObject({ status: 304, etag: changed.etag });
      expect(fake.requests.map((r) => r.status)).toEqual([200, 304, 304, 200, 200, 304]);
      expect(fake.violations).toEqual([]);
    },
  );

  it("does not count 304s against the rate limit, which every answer reports", async () => {
    const first = await get("/pulls/7");
    expect(first.remaining).toBe("4999");
    const response = await fetch(`${fake.url}/api/v3/repos/acme/bot/pulls/7`, {
      headers: { "if-none-match": first.etag ?? "" },
    });
    expect(response.status).toBe(304);
    expect(Object.fromEntries([...response.headers].filter(([name]) => name.startsWith("x-ratelimit-")))).toEqual({
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "4999",
      "x-ratelimit-used": "1",
      "x-ratelimit-reset": expect.stringMatching(/^\d+$/),
      "x-ratelimit-resource": "core",
    });
    expect((await get("/pulls/7", first.etag ?? "")).remaining).toBe("4999");
    expect((await get("/pulls/7")).remaining).toBe("4998");
    expect(fake.spend()).toEqual({ requests: 4, rateLimited: 2, notModified: 2 });
    expect(fake.spend(2)).toEqual({ requests: 2, rateLimited: 1, notModified: 1 });
    expect(fake.rateLimitRemaining()).toBe(4998);
  });

  it("lets a test set the budget left, and spends it down to 0", async () => {
    fake.setRateLimitRemaining(2);
    const first = await get("/pulls/7");
    expect(first.remaining).toBe("1");
    expect((await get("/pulls/7", first.etag ?? "")).remaining).toBe("1");
    expect((await get("/pulls/7")).remaining).toBe("0");
    expect((await get("/pulls/7")).remaining).toBe("0");
    fake.reset();
    expect((await get("/pulls/7")).remaining).toBe("4999");
  });

  it("never answers 304 to a write or a GraphQL query, whose budget is GraphQL's", async () => {
    const write = await fetch(`${fake.url}/api/v3/repos/acme/bot/pulls/7`, {
      method: "PATCH",
      headers: { "content-type": "application/json", "if-none-match": "*" },
      body: JSON.stringify({ body: "new" }),
    });
    expect(write.status).toBe(200);
    expect(write.headers.get("etag")).toBeNull();
    const query = () =>
      fetch(`${fake.url}/api/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", "if-none-match": "*" },
        body: JSON.stringify({
          query: "query($owner: String!, $name: String!, $e0: String!) { repository { f0: object(expression: $e0) } }",
          variables: { owner: "acme", name: "bot", e0: "main:.github/squadgate.yml" },
        }),
      });
    const graphql = await query();
    expect(graphql.status).toBe(200);
    expect(graphql.headers.get("x-ratelimit-resource")).toBe("graphql");
    expect(graphql.headers.get("x-ratelimit-remaining")).toBe("4999");
    expect((await query()).status).toBe(200);
    expect(fake.spend()).toEqual({ requests: 3, rateLimited: 3, notModified: 0 });
    expect(fake.rateLimitRemaining("core")).toBe(4999);
    expect(fake.rateLimitRemaining("graphql")).toBe(4998);
  });
});
