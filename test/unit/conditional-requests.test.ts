import { Octokit } from "@octokit/rest";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createResponseCache,
  lowBudget,
  meterRequests,
  rateLimitedCost,
  type ResponseCache,
} from "../../src/github/conditional-requests.js";
import { TtlCache } from "../../src/github/ttl-cache.js";
import type { Octokit as AppOctokit } from "../../src/github/types.js";

const API = "https://api.github.com";
const RATE = { "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "4321", "x-ratelimit-reset": "1800000000" };

/** GitHub for one resource: 200 with an ETag, 304 when asked with it; `version` changes the answer. */
function resource(path: string, version: { body: unknown; etag: string }, seen: string[] = []) {
  return nock(API)
    .get(path)
    .query(true)
    .times(10)
    .reply(function () {
      const sent = this.req.headers["if-none-match"];
      seen.push(String(sent ?? ""));
      return sent === version.etag
        ? [304, "", { etag: version.etag, ...RATE }]
        : [200, version.body, { etag: version.etag, ...RATE }];
    });
}

/** One event's Octokit, metered against `cache` for `installation`. */
function eventOctokit(cache: ResponseCache, installation = 1) {
  const octokit = new Octokit({ retry: { enabled: false } });
  const spend = meterRequests(octokit as unknown as AppOctokit, { cache, scope: installation });
  return { octokit, spend };
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("conditional requests", () => {
  it("asks again with the ETag, answers a 304 from the kept copy, and counts it as free", async () => {
    const cache = createResponseCache();
    const seen: string[] = [];
    resource("/repos/o/r/pulls/1/reviews", { body: [{ id: 1 }], etag: 'W/"a"' }, seen);
    const first = eventOctokit(cache);
    await first.octokit.rest.pulls.listReviews({ owner: "o", repo: "r", pull_number: 1 });
    const second = eventOctokit(cache);
    const { data, status } = await second.octokit.rest.pulls.listReviews({ owner: "o", repo: "r", pull_number: 1 });
    expect(seen).toEqual(["", 'W/"a"']);
    expect({ status, data }).toEqual({ status: 200, data: [{ id: 1 }] });
    expect(second.spend).toMatchObject({ requests: 1, notModified: 1, remaining: 4321, limit: 5000 });
    expect(rateLimitedCost(first.spend)).toBe(1);
    expect(rateLimitedCost(second.spend)).toBe(0);
  });

  it("a changed resource is read in full and kept anew", async () => {
    const cache = createResponseCache();
    const version = { body: { body: "old" } as unknown, etag: 'W/"1"' };
    resource("/repos/o/r/pulls/1", version);
    await eventOctokit(cache).octokit.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 });
    version.body = { body: "new" };
    version.etag = 'W/"2"';
    const changed = eventOctokit(cache);
    expect((await changed.octokit.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 })).data).toEqual({
      body: "new",
    });
    expect(changed.spend.notModified).toBe(0);
    const again = eventOctokit(cache);
    expect((await again.octokit.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 })).data).toEqual({
      body: "new",
    });
    expect(again.spend.notModified).toBe(1);
  });

  it("what a caller changes in an answer never reaches the next event's copy", async () => {
    const cache = createResponseCache();
    resource("/repos/o/r/pulls/1", { body: { labels: ["a"] }, etag: 'W/"x"' });
    const first = await eventOctokit(cache).octokit.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 });
    (first.data.labels as unknown as string[]).push("tampered");
    const second = await eventOctokit(cache).octokit.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 });
    (second.data.labels as unknown as string[]).push("again");
    const third = await eventOctokit(cache).octokit.rest.pulls.get({ owner: "o", repo: "r", pull_number: 1 });
    expect(third.data.labels).toEqual(["a"]);
  });

  it("installations never share what they read: another one asks unconditionally", async () => {
    const cache = createResponseCache();
    const seen: string[] = [];
    resource("/repos/o/r/contents/a.yml", { body: "text", etag: 'W/"t"' }, seen);
    await eventOctokit(cache, 1).octokit.rest.repos.getContent({ owner: "o", repo: "r", path: "a.yml" });
    await eventOctokit(cache, 2).octokit.rest.repos.getContent({ owner: "o", repo: "r", path: "a.yml" });
    expect(seen).toEqual(["", ""]);
  });

  it("a raw file and its JSON description are different answers", async () => {
    const cache = createResponseCache();
    const seen: string[] = [];
    resource("/repos/o/r/contents/a.yml", { body: "text", etag: 'W/"t"' }, seen);
    await eventOctokit(cache).octokit.rest.repos.getContent({
      owner: "o",
      repo: "r",
      path: "a.yml",
      mediaType: { format: "raw" },
    });
    await eventOctokit(cache).octokit.rest.repos.getContent({ owner: "o", repo: "r", path: "a.yml" });
    expect(seen).toEqual(["", ""]);
  });

  it("writes are never conditional, and are counted", async () => {
    const cache = createResponseCache();
    const seen: string[] = [];
    nock(API)
      .post("/repos/o/r/check-runs")
      .times(2)
      .reply(function () {
        seen.push(String(this.req.headers["if-none-match"] ?? ""));
        return [201, { id: 1 }, { etag: 'W/"c"' }];
      });
    for (let i = 0; i < 2; i++) {
      const { octokit, spend } = eventOctokit(cache);
      await octokit.rest.checks.create({ owner: "o", repo: "r", name: "Squadgate", head_sha: "a".repeat(40) });
      expect(rateLimitedCost(spend)).toBe(1);
    }
    expect(seen).toEqual(["", ""]);
    expect(cache.size).toBe(0);
  });

  it("an error answer is not kept and is thrown as before", async () => {
    const cache = createResponseCache();
    nock(API).get("/repos/o/r/contents/missing.yml").times(2).reply(404, { message: "Not Found" }, RATE);
    for (let i = 0; i < 2; i++) {
      const { octokit, spend } = eventOctokit(cache);
      await expect(octokit.rest.repos.getContent({ owner: "o", repo: "r", path: "missing.yml" })).rejects.toMatchObject(
        {
          status: 404,
        },
      );
      expect(spend).toMatchObject({ requests: 1, notModified: 0, remaining: 4321 });
    }
    expect(cache.size).toBe(0);
  });
});

describe("a low budget", () => {
  it("is under 5% of the hour's budget, and never under 100 requests", () => {
    expect(lowBudget({ requests: 1, notModified: 0, remaining: 249, limit: 5000 })).toEqual({ remaining: 249 });
    expect(lowBudget({ requests: 1, notModified: 0, remaining: 250, limit: 5000 })).toBeUndefined();
    expect(lowBudget({ requests: 1, notModified: 0, remaining: 700, limit: 15000, reset: 9 })).toEqual({
      remaining: 700,
      reset: 9,
    });
    expect(lowBudget({ requests: 1, notModified: 0, remaining: 99, limit: 1000 })).toEqual({ remaining: 99 });
    expect(lowBudget({ requests: 0, notModified: 0 })).toBeUndefined();
  });
});

describe("TtlCache with a size bound", () => {
  it("evicts the least recently used entries past the total size, and refuses one larger than it", () => {
    const cache = new TtlCache<string>({ ttlMs: 1000, maxEntries: 100, maxBytes: 10, sizeOf: (v) => v.length });
    cache.set("a", "aaaa");
    cache.set("b", "bbbb");
    cache.get("a"); // a is now the most recent
    cache.set("c", "cccc");
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual(["aaaa", undefined, "cccc"]);
    cache.set("big", "x".repeat(11));
    expect(cache.get("big")).toBeUndefined();
    expect(cache.size).toBe(2);
    cache.set("a", "a"); // replacing an entry frees its old size
    cache.set("d", "dddd");
    expect([cache.get("a"), cache.get("c"), cache.get("d")]).toEqual(["a", "cccc", "dddd"]);
  });
});
