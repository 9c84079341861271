import type { Redis } from "ioredis";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Octokit } from "../../src/github/types.js";
import { localCoordinator } from "../../src/runtime/keyed-lock.js";
import { createMetrics } from "../../src/runtime/metrics.js";
import { redeliverFailed, startRedeliveryJob } from "../../src/runtime/redelivery.js";
import { redisCoordinator } from "../../src/runtime/redis-lock.js";
import { readSettings, redeliveryOptions } from "../../src/runtime/settings.js";
import { FakeGitHub } from "../e2e/fake-github/server.js";
import { FakeState, type FakeDelivery } from "../e2e/fake-github/state.js";
import { appPrivateKey } from "../e2e/harness/app-process.js";
import { startRedis, type RedisServer } from "../helpers/redis-server.js";

let fake: FakeGitHub;
let redis: RedisServer;
let app: Octokit;
const clients: Redis[] = [];
const HOUR = 3_600_000;

beforeAll(async () => {
  [redis, fake] = await Promise.all([startRedis(), Promise.resolve(new FakeGitHub(new FakeState()))]);
  await fake.start();
  const probot = new Probot({
    appId: 4242,
    privateKey: appPrivateKey(),
    baseUrl: `${fake.url}/api/v3`,
    log: pino({ level: "silent" }),
    Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({
      ...o,
      retry: { enabled: false },
      throttle: { ...(o["throttle"] as object), enabled: false },
    })),
  });
  app = await probot.auth(); // no installation: the app's JWT, as the deliveries API requires
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await Promise.all([fake?.stop(), redis?.stop()]);
});

afterEach(() => {
  expect(fake.violations).toEqual([]);
  expect(fake.unhandled).toEqual([]);
  fake.reset();
});

let next = 1;
const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const delivery = (guid: string, msAgo: number, status_code: number, redelivery = false): FakeDelivery => ({
  id: next++,
  guid,
  delivered_at: at(msAgo),
  redelivery,
  status_code,
  event: "pull_request",
  action: "synchronize",
});

/** GitHub's list, newest first: two failures to redeliver among ones to leave alone, past one page. */
function seed(): { failed: number[] } {
  const state = fake.state;
  state.deliveries.length = 0;
  state.redeliveryRequests.length = 0;
  const timeout = delivery("f-timeout", 60_000, 0); // no answer within 10 s
  const recovered = delivery("b-recovered", 5 * 60_000, 503);
  const retriedOnce = delivery("d-retried", 7 * 60_000, 503);
  const failed = delivery("a-failed", 8 * 60_000, 502);
  state.deliveries.push(
    delivery("b-recovered", 60_000, 200, true),
    delivery("d-retried", 2 * 60_000, 503, true), // its one redelivery failed too: leave it
    timeout,
    ...Array.from({ length: 120 }, (_, i) => delivery(`ok-${i}`, 2 * 60_000 + i, 200)),
    recovered,
    retriedOnce,
    failed,
    delivery("c-ok", 9 * 60_000, 200),
    delivery("e-too-old", 7 * HOUR, 503),
  );
  return { failed: [failed.id, timeout.id] };
}

describe("redelivering failed deliveries", { timeout: 60_000 }, () => {
  let failed: number[];
  beforeEach(() => {
    ({ failed } = seed());
  });

  it("asks GitHub once for each failed delivery in the window, oldest first, with the app's JWT", async () => {
    const metrics = createMetrics();
    const coordinator = localCoordinator();
    const done = await redeliverFailed(app, { coordinator, maxAgeMs: 6 * HOUR, max: 50, now: new Date(), metrics });
    expect(done).toEqual(failed);
    expect(fake.state.redeliveryRequests).toEqual(failed);
    expect(await metrics.registry.getSingleMetricAsString("squadgate_redeliveries_total")).toContain(
      'squadgate_redeliveries_total{outcome="requested"} 2',
    );

    // A later run finds their redeliveries listed and asks nothing more, even with its claims forgotten.
    expect(
      await redeliverFailed(app, { coordinator: localCoordinator(), maxAgeMs: 6 * HOUR, max: 50, now: new Date() }),
    ).toEqual([]);
    expect(fake.state.redeliveryRequests).toEqual(failed);
  });

  it("stays within its bounds: the window's age and the count per run", async () => {
    const done = await redeliverFailed(app, {
      coordinator: localCoordinator(),
      maxAgeMs: 4 * 60_000,
      max: 50,
      now: new Date(),
    });
    expect(done).toEqual([failed[1]]);
    seed();
    expect(
      await redeliverFailed(app, { coordinator: localCoordinator(), maxAgeMs: 6 * HOUR, max: 1, now: new Date() }),
    ).toHaveLength(1);
  });

  it("two replicas' jobs at once, through Redis: each failed delivery redelivered once", async () => {
    const settings = readSettings({ SQUADGATE_REDELIVERY_EVERY_S: "5" });
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const prefix = `t${Math.random()}`;
    const replicas = [0, 1].map(() => {
      const client = redis.client();
      clients.push(client);
      const coordinator = redisCoordinator(client, { ttlMs: 30_000, waitMs: 30_000, prefix });
      return startRedeliveryJob({
        appOctokit: async () => app,
        coordinator,
        options: { ...redeliveryOptions(settings), everyMs: 300 },
        log,
      });
    });
    const deadline = Date.now() + 30_000;
    while (fake.state.redeliveryRequests.length < failed.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1_000)); // a few more periods: nothing more may be asked
    for (const job of replicas) job.stop();
    await Promise.all(replicas.map((job) => job.running()));
    expect([...fake.state.redeliveryRequests].sort()).toEqual([...failed].sort());
  });

  it("is on by default, every 5 minutes, for 6 hours back and at most 50 a run", () => {
    const settings = readSettings({});
    expect(settings.SQUADGATE_REDELIVERY).toBe("on");
    expect(redeliveryOptions(settings)).toEqual({ everyMs: 300_000, maxAgeMs: 6 * HOUR, max: 50 });
    expect(() => readSettings({ SQUADGATE_REDELIVERY: "maybe" })).toThrow(/SQUADGATE_REDELIVERY/);
  });
});
