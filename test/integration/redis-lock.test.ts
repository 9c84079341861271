import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localCoordinator, type Coordinator } from "../../src/runtime/keyed-lock.js";
import { RedisKeyedLock, redisCoordinator } from "../../src/runtime/redis-lock.js";
import { sharedGateCaches } from "../../src/runtime/shared-caches.js";
import { startRedis, type RedisServer } from "../helpers/redis-server.js";

/** Two "replicas" in one test process: each has its own Redis connections, as separate processes would. */
let redis: RedisServer;
const clients: Redis[] = [];
const client = () => {
  const c = redis.client();
  clients.push(c);
  return c;
};
const replica = (ttlMs = 30_000) =>
  new RedisKeyedLock(client(), { ttlMs, waitMs: 60_000, prefix: `t${Math.random()}` });
const pair = (ttlMs = 30_000) => {
  const prefix = `t${Math.random()}`;
  return [
    new RedisKeyedLock(client(), { ttlMs, waitMs: 60_000, prefix }),
    new RedisKeyedLock(client(), { ttlMs, waitMs: 60_000, prefix }),
  ] as const;
};
const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  redis = await startRedis();
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await redis?.stop();
});

describe("RedisKeyedLock", { timeout: 60_000 }, () => {
  it("gives one key to one task at a time across replicas, and different keys in parallel", async () => {
    const [a, b] = pair();
    let inside = 0;
    let most = 0;
    const order: string[] = [];
    const task = (name: string) => async () => {
      most = Math.max(most, ++inside);
      await tick();
      order.push(name);
      inside--;
      return name;
    };
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).run("acme/r#1", task(`t${i}`))),
    );
    expect(most).toBe(1);
    expect([...results].sort()).toEqual([...order].sort());

    let together = 0;
    let peak = 0;
    const both = (lock: RedisKeyedLock, key: string) =>
      lock.run(key, async () => {
        peak = Math.max(peak, ++together);
        await tick(200);
        together--;
      });
    await Promise.all([both(a, "acme/r#2"), both(b, "acme/r#3")]);
    expect(peak).toBe(2);
  });

  it("keeps arrival order within a replica", async () => {
    const lock = replica();
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => lock.run("acme/r#9", async () => void order.push(n))));
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it("a mark moves when another replica took a turn since it was noted, and only then", async () => {
    const [a, b] = pair();
    const key = "acme/r@abc";
    const quiet = await a.mark(key);
    expect(await a.run(key, () => a.mark(key))).toBe(quiet);

    const noted = await a.mark(key);
    await b.run(key, async () => undefined);
    expect(await a.run(key, () => a.mark(key))).not.toBe(noted);
  });

  it("a mark noted while another replica holds the key always asks for a fresh read", async () => {
    const [a, b] = pair();
    const key = "acme/r@def";
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const holding = b.run(key, async () => {
      entered();
      await held;
    });
    await inside;
    const noted = await a.mark(key);
    release();
    await holding;
    expect(await a.run(key, () => a.mark(key))).not.toBe(noted);
  });

  it("a replica that dies holding a key blocks it only until the lock expires, and its successor reads again", async () => {
    const prefix = `t${Math.random()}`;
    const doomed = client();
    const dying = new RedisKeyedLock(doomed, { ttlMs: 1_000, waitMs: 60_000, prefix, onLockLost: () => undefined });
    const survivor = new RedisKeyedLock(client(), { ttlMs: 1_000, waitMs: 60_000, prefix });
    const key = "acme/r#5";
    const noted = await survivor.mark(key);
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    void dying.run(key, async () => {
      entered();
      await new Promise(() => undefined); // never finishes: the process is gone
    });
    await inside;
    doomed.disconnect(); // no more refreshes, no release
    const started = Date.now();
    const mark = await survivor.run(key, () => survivor.mark(key));
    expect(mark).not.toBe(noted);
    // It waited for the expiry, not for ever (the bound is loose: the machine may be loaded).
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("a live holder keeps its key past the lock's lifetime, for as long as it works", async () => {
    // Refreshed every 2/3 s: only a stall of the test process longer than that could break it.
    const [a, b] = pair(2_000);
    const events: string[] = [];
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const long = a.run("acme/r#7", async () => {
      entered();
      await tick(5_000); // two and a half lifetimes
      events.push("a done");
    });
    await inside;
    await b.run("acme/r#7", async () => void events.push("b ran"));
    await long;
    expect(events).toEqual(["a done", "b ran"]);
  });

  it("fails a task that waited past its bound, rather than waiting for ever", async () => {
    const prefix = `t${Math.random()}`;
    const holder = new RedisKeyedLock(client(), { ttlMs: 30_000, waitMs: 60_000, prefix });
    const impatient = new RedisKeyedLock(client(), { ttlMs: 30_000, waitMs: 300, prefix });
    let release!: () => void;
    const holding = holder.run("acme/r#6", () => new Promise<void>((resolve) => (release = resolve)));
    await tick(100);
    await expect(impatient.run("acme/r#6", async () => "ran")).rejects.toThrow();
    release();
    await holding;
  });
});

describe("claims", { timeout: 60_000 }, () => {
  it("hold for exactly one replica until they expire", async () => {
    const prefix = `t${Math.random()}`;
    const [a, b] = [
      redisCoordinator(client(), { ttlMs: 30_000, waitMs: 1_000, prefix }),
      redisCoordinator(client(), { ttlMs: 30_000, waitMs: 1_000, prefix }),
    ];
    const claims = await Promise.all([a.claim("x", 60_000), b.claim("x", 60_000), a.claim("x", 60_000)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await b.claim("short", 50)).toBe(true);
    await tick(200);
    expect(await a.claim("short", 50)).toBe(true);
  });

  it("in one process, the same", async () => {
    const local: Coordinator = localCoordinator();
    expect([await local.claim("x", 60_000), await local.claim("x", 60_000)]).toEqual([true, false]);
  });
});

describe("shared caches", { timeout: 60_000 }, () => {
  it("what one replica caches, the other finds; a clear on one clears the other", async () => {
    const channel = `t${Math.random()}`;
    const one = await sharedGateCaches({ redis: client(), subscriber: client(), channel });
    const two = await sharedGateCaches({ redis: client(), subscriber: client(), channel });
    one.teams.set("1:acme/ds", new Set(["dana"]));
    one.compares.set("acme/r:a...b", null);
    one.pushers.set("acme/r#1@b", { logins: ["mallory"] });
    one.requiredChecks.set("1:acme/r:main", Promise.resolve({ required: true, pinned: true }));
    await eventually(() => two.requiredChecks.get("1:acme/r:main") !== undefined);
    expect(two.teams.get("1:acme/ds")).toEqual(new Set(["dana"]));
    expect(two.compares.get("acme/r:a...b")).toBeNull();
    expect(two.pushers.get("acme/r#1@b")).toEqual({ logins: ["mallory"] });
    expect(await two.requiredChecks.get("1:acme/r:main")).toEqual({ required: true, pinned: true });

    two.teams.deleteWhere((key) => key.startsWith("1:"));
    await eventually(() => one.teams.get("1:acme/ds") === undefined);
    expect(one.compares.get("acme/r:a...b")).toBeNull(); // other caches are untouched
  });
});

async function eventually(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("never happened");
    await tick();
  }
}
