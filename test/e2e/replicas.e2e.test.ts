import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startRedis, type RedisServer } from "../helpers/redis-server.js";
import { FakeGitHub } from "./fake-github/server.js";
import { BOT_LOGIN, FakeState, type FakeFile, type FakeRepo } from "./fake-github/state.js";
import { startApp, type AppProcess } from "./harness/app-process.js";
import { commentEvent, deliver, pullRequestEvent, reviewEvent, type Delivery } from "./harness/webhooks.js";

/**
 * Two replicas of the built server (`npm start`) with one real redis-server, against the fake
 * GitHub: deliveries for one pull request spread over both at once, and a replica killed in the
 * middle of a delivery. Whatever replica gets what, GitHub must end as one replica would leave it.
 */
const CONFIG = `
roles:
  ds:
    members: [dana, acme/data-science]
checklists:
  where: comment
`;
const sha = (n: number) => n.toString(16).padStart(40, "0");
const prompt: FakeFile = { filename: "prompts/support.txt", status: "modified" };

let redis: RedisServer;
let fake: FakeGitHub;
let a: AppProcess;
let b: AppProcess;
let repoCount = 0;

beforeAll(async () => {
  [redis, fake] = await Promise.all([startRedis(), Promise.resolve(new FakeGitHub(new FakeState()))]);
  await fake.start();
  // A dead replica's turn expires 10 to 15 s after it died (refreshed every 5 s): far longer than
  // the test's own steps take, so they never race it.
  const env = {
    REDIS_URL: redis.url,
    SQUADGATE_LOCK_TTL_S: "15",
    SQUADGATE_REDELIVERY: "on",
    SQUADGATE_REDELIVERY_EVERY_S: "5",
  };
  // Deliveries GitHub made before: one failed, for the replicas' redelivery jobs to find.
  const delivered = (id: number, guid: string, status_code: number) => ({
    id,
    guid,
    delivered_at: new Date().toISOString(),
    redelivery: false,
    status_code,
    event: "pull_request",
    action: "opened",
  });
  fake.state.deliveries.push(delivered(91, "ok", 200), delivered(92, "failed", 502), delivered(93, "ok-too", 200));
  [a, b] = await Promise.all([
    startApp({ githubHost: fake.host, env, timeoutMs: 60_000 }),
    startApp({ githubHost: fake.host, env, timeoutMs: 60_000 }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await Promise.all([fake?.stop(), redis?.stop()]);
});

afterEach(() => {
  expect(fake.violations).toEqual([]);
  expect(fake.unhandled).toEqual([]);
  expect(fake.refusals).toEqual([]);
  fake.reset();
});

function setup() {
  const repo = fake.state.repo("acme", `replicas-${++repoCount}`);
  fake.state.commit(repo, "main", { ".github/squadgate.yml": CONFIG, ".github/SQUADOWNERS": "/prompts/ @ds\n" });
  fake.state.teams.set("acme/data-science", ["dora", "dana"]);
  return { repo, pull: fake.state.pull(repo, { number: 7, headSha: sha(1), files: [prompt] }) };
}

const to = (app: AppProcess, delivery: Delivery) => deliver(app.url, app.env["WEBHOOK_SECRET"] as string, delivery);
const checksOn = (repo: FakeRepo, head: string) =>
  repo.checkRuns.filter((r) => r.head_sha === head && r.name === "Squadgate");
const stickies = (repo: FakeRepo, topic: string) =>
  repo.comments.filter((c) => c.login === BOT_LOGIN && c.body.startsWith(`<!-- squadgate:${topic} -->`));
/** Each reviewer asked for how many times, over every review request written. */
function requestsPerReviewer(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const write of fake.writes(/requested_reviewers$/)) {
    const body = write.body as { reviewers?: string[]; team_reviewers?: string[] };
    for (const name of [...(body.reviewers ?? []), ...(body.team_reviewers ?? [])])
      counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("the expected state never came");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
const health = async (app: AppProcess) => (await (await fetch(`${app.url}/healthz`)).json()) as { inFlight: number };
/** Probot answers 202 after 9 s and goes on working: a replica is done when nothing is in flight. */
const settled = (app: AppProcess) => eventually(async () => (await health(app)).inFlight === 0);
async function lockWaitSeconds(app: AppProcess): Promise<number> {
  const metrics = await (await fetch(`${app.url}/metrics`)).text();
  return Number(/^squadgate_lock_wait_seconds_sum\{scope="pull_request"\} (\S+)$/m.exec(metrics)?.[1] ?? 0);
}

describe("two replicas with Redis", { timeout: 180_000 }, () => {
  it("deliveries for one pull request spread over both at once: one check run per head, each review request once, one comment per topic", async () => {
    const { repo, pull } = setup();
    for (const id of [701, 702])
      repo.comments.push({ id, issue: pull.number, body: "/owners", login: "dana", type: "User", reactions: [] });
    await Promise.all([
      to(a, { name: "pull_request", payload: pullRequestEvent(repo, pull, "opened") }),
      to(b, { name: "pull_request", payload: pullRequestEvent(repo, pull, "synchronize") }),
      to(a, { name: "pull_request_review", payload: reviewEvent(repo, pull, "mallory", "COMMENTED") }),
      to(b, { name: "pull_request", payload: pullRequestEvent(repo, pull, "reopened") }),
      to(a, { name: "issue_comment", payload: commentEvent(repo, pull, { id: 701, body: "/owners", login: "dana" }) }),
      to(b, { name: "issue_comment", payload: commentEvent(repo, pull, { id: 702, body: "/owners", login: "dana" }) }),
    ]);
    await Promise.all([settled(a), settled(b)]);
    expect(checksOn(repo, sha(1))).toMatchObject([{ conclusion: "action_required" }]);
    expect(requestsPerReviewer()).toEqual({ dana: 1, "data-science": 1 });
    expect(stickies(repo, "checklist")).toHaveLength(1);
    expect(stickies(repo, "owners")).toHaveLength(1);

    // A push and its approval, each delivered to both replicas (GitHub redelivers; a load balancer spreads).
    pull.headSha = sha(2);
    pull.reviews.push({
      id: 9,
      login: "dana",
      state: "APPROVED",
      commit_id: sha(2),
      submitted_at: new Date().toISOString(),
    });
    const push = { name: "pull_request", payload: pullRequestEvent(repo, pull, "synchronize"), id: "push-2" };
    const approval = {
      name: "pull_request_review",
      payload: reviewEvent(repo, pull, "dana", "APPROVED"),
      id: "approval-2",
    };
    await Promise.all([to(b, push), to(a, approval), to(a, push), to(b, approval)]);
    await Promise.all([settled(a), settled(b)]);
    expect(checksOn(repo, sha(1))).toHaveLength(1);
    expect(checksOn(repo, sha(2))).toHaveLength(1);
    expect(requestsPerReviewer()).toEqual({ dana: 1, "data-science": 1 });
    expect(stickies(repo, "checklist")).toHaveLength(1);

    // No verdict was lost: one more evaluation, alone, changes nothing.
    const [before] = checksOn(repo, sha(2)).map((r) => JSON.stringify(r));
    await to(b, { name: "pull_request", payload: pullRequestEvent(repo, pull, "synchronize") });
    await settled(b);
    expect(checksOn(repo, sha(2)).map((r) => JSON.stringify(r))).toEqual([before]);
  });

  it("both run the redelivery job; the failed delivery is redelivered once, and throttling is shared through Redis", async () => {
    await eventually(() => fake.state.redeliveryRequests.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 6_000)); // another period: nothing more
    expect(fake.state.redeliveryRequests).toEqual([92]);
    const client = redis.client();
    try {
      expect((await client.keys("b_*")).length).toBeGreaterThan(0); // Probot's Bottleneck keeps its limits there
    } finally {
      client.disconnect();
    }
  });

  it("a replica killed in the middle of writing: the other waits out its turn, then finishes with one check run", async () => {
    const { repo, pull } = setup();
    let release!: () => void;
    const until = new Promise<void>((resolve) => (release = resolve));
    fake.faults.push({ match: /^POST \/repos\/\{owner\}\/\{repo\}\/check-runs$/, times: 1, kind: "hold", until });
    const opened = { name: "pull_request", payload: pullRequestEvent(repo, pull, "opened"), id: "opened-killed" };
    void to(a, opened).catch(() => undefined); // its connection dies with the replica
    await eventually(() => fake.faults[0]?.times === 0); // a is creating the check run, holding the pull request's turn
    await a.stop("SIGKILL");

    const waitedBefore = await lockWaitSeconds(b);
    const redelivered = to(b, opened);
    await eventually(async () => (await health(b)).inFlight > 0);
    // Unordered, b would read the head's check runs now and find none; in turn, it waits.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    release(); // the dead replica's write reaches GitHub after all
    expect([200, 202]).toContain((await redelivered).status);
    await settled(b);
    expect(checksOn(repo, sha(1))).toMatchObject([{ conclusion: "action_required" }]);
    expect(pull.requestedUsers).toEqual(["dana"]);
    expect(Object.values(requestsPerReviewer()).every((n) => n === 1)).toBe(true);

    expect((await lockWaitSeconds(b)) - waitedBefore).toBeGreaterThan(3); // it waited for the dead replica's turn to expire
  });
});
