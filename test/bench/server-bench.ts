/**
 * The real server (`npm start`) against the loopback fake GitHub: REST calls per event type and
 * pull request size, webhook deliveries per second, and the app's resident memory over 10,000
 * deliveries. Every request is still checked against GitHub's OpenAPI description.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { FakeGitHub } from "../e2e/fake-github/server.js";
import { FakeState, type FakeFile, type FakePull, type FakeRepo } from "../e2e/fake-github/state.js";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import squadgate from "../../src/index.js";
import { appPrivateKey, descendants, startApp, type AppProcess } from "../e2e/harness/app-process.js";
import { deliver, pullRequestEvent, reviewEvent } from "../e2e/harness/webhooks.js";

const CONFIG = "roles:\n  ds:\n    members: [dana, acme/data-science]\nchecklists:\n  where: off\n";
const OWNERS = "/prompts/ @ds\n";

export interface EventCost {
  event: string;
  files: number;
  calls: number;
  /** Calls that count against the installation's rate limit: all but the 304 answers. */
  rateLimited: number;
  writes: number;
}

export interface ServerBenchResult {
  costs: EventCost[];
  deliveries: number;
  /** Steady synchronize deliveries timed for throughput (the first ones sent). */
  throughputDeliveries: number;
  deliveriesPerSecond: number;
  rssMb: { afterWarmup: number; after: number; samples: number[] };
  violations: number;
}

const sha = (n: number) => n.toString(16).padStart(40, "0");

function files(count: number, prompts: number): FakeFile[] {
  return Array.from({ length: count }, (_, i) => ({
    filename: i < prompts ? `prompts/p${i}.txt` : `src/dir${i % 50}/f${i}.ts`,
    status: "modified",
  }));
}

export async function benchServer(
  opts: { deliveries?: number; throughputDeliveries?: number; concurrency?: number } = {},
): Promise<ServerBenchResult> {
  const total = opts.deliveries ?? 10_000;
  const throughputDeliveries = Math.min(total, opts.throughputDeliveries ?? 1_500);
  const concurrency = opts.concurrency ?? 32;
  const state = new FakeState();
  const fake = new FakeGitHub(state);
  await fake.start();
  const app = await startApp({ githubHost: fake.host, env: { LOG_LEVEL: "warn" } });
  try {
    const send = (name: string, payload: unknown) =>
      deliver(app.url, app.env["WEBHOOK_SECRET"] as string, { name, payload });
    let repoCount = 0;
    const setup = (fileList: FakeFile[]) => {
      const repo = state.repo("acme", `bench-${++repoCount}`);
      state.commit(repo, "main", { ".github/squadgate.yml": CONFIG, ".github/SQUADOWNERS": OWNERS });
      state.teams.set("acme/data-science", ["dora", "dana"]);
      const pull = state.pull(repo, { number: 1, headSha: sha(repoCount), files: fileList });
      return { repo, pull };
    };
    const direct = await inProcessApp(fake);
    const costs = await measureCosts(fake, direct, setup);

    // Throughput: steady-state synchronize deliveries (6 conditional REST calls, no writes), `concurrency` in
    // flight, spread over as many pull requests (deliveries for one pull request run one at a time).
    const pulls: { repo: FakeRepo; pull: FakePull }[] = Array.from({ length: concurrency }, () => setup(files(10, 1)));
    // Opened through the in-process app: its writes are not throttled, and the server then finds them.
    for (const { repo, pull } of pulls) await direct("pull_request", pullRequestEvent(repo, pull, "opened"));
    const steady = pulls.map(({ repo, pull }) => pullRequestEvent(repo, pull, "synchronize"));
    // Most deliveries an org-wide app receives need no API call (here: title edits); memory is
    // watched over a mix of both, 1 steady synchronize in 4.
    const cheap = pulls.map(({ repo, pull }) =>
      pullRequestEvent(repo, pull, "edited", { changes: { title: { from: "Old title" } } }),
    );
    fake.reset();
    const samples: number[] = [];
    let sent = 0;
    let afterWarmup = 0;
    let steadyDone = 0;
    let steadySeconds = 0;
    const started = performance.now();
    const worker = (w: number) => async () => {
      while (sent < total) {
        const i = sent++;
        const inThroughputPhase = i < throughputDeliveries;
        const payload = inThroughputPhase || i % 4 === 0 ? steady[w % steady.length] : cheap[w % cheap.length];
        const response = await send("pull_request", payload);
        if (response.status !== 200) throw new Error(`delivery ${i} answered ${response.status}: ${response.body}`);
        if (inThroughputPhase && ++steadyDone === throughputDeliveries)
          steadySeconds = (performance.now() - started) / 1000;
        if (i === 1000) afterWarmup = rssMb(app);
        if (i % 1000 === 999) samples.push(rssMb(app));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)()));
    return {
      costs,
      deliveries: total,
      throughputDeliveries,
      deliveriesPerSecond: throughputDeliveries / steadySeconds,
      rssMb: { afterWarmup, after: rssMb(app), samples },
      violations: fake.violations.length + fake.unhandled.length,
    };
  } finally {
    await app.stop();
    await fake.stop();
  }
}

/** The same app in this process, talking HTTP to the fake, with Octokit's throttling off. */
async function inProcessApp(fake: FakeGitHub): Promise<(name: string, payload: unknown) => Promise<void>> {
  const probot = new Probot({
    appId: 4242,
    privateKey: appPrivateKey(),
    baseUrl: `${fake.url}/api/v3`,
    log: pino({ level: "silent" }),
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      throttle: { ...(options["throttle"] as object), enabled: false },
    })),
  });
  await probot.load(squadgate);
  return (name, payload) => probot.receive({ id: "bench", name, payload } as never);
}

/**
 * REST calls per event type and pull request size, as an AI pull request's life goes: first sight
 * of the repository, the same delivery again, a push, an approval, then (warm: the answers kept
 * and asked again conditionally) another AI pull request and one with no AI asset; and a
 * repository that has not opted in, first and second time. Counted with the app in this process
 * (the same handlers, over HTTP to the same fake) with Octokit's throttling off: the count does
 * not depend on it, and the 1-3 s it spaces writes would only slow the bench down.
 */
async function measureCosts(
  fake: FakeGitHub,
  receive: (name: string, payload: unknown) => Promise<void>,
  setup: (files: FakeFile[]) => { repo: FakeRepo; pull: FakePull },
): Promise<EventCost[]> {
  const costs: EventCost[] = [];
  const measure = async (event: string, size: number, run: () => Promise<unknown>) => {
    fake.reset();
    await run();
    // The token exchange is not counted: Probot caches installation tokens for an hour.
    const counted = fake.requests.filter((r) => !r.route.includes("access_tokens"));
    costs.push({
      event,
      files: size,
      calls: counted.length,
      rateLimited: counted.filter((r) => r.status !== 304).length,
      writes: counted.filter((r) => r.method !== "GET").length,
    });
  };
  const now = new Date().toISOString();
  for (const size of [10, 300, 3000]) {
    const { repo, pull } = setup(files(size, 1));
    Object.assign(pull, { createdAt: now, updatedAt: now });
    const opened = pullRequestEvent(repo, pull, "opened");
    await measure("opened (AI PR), first sight", size, () => receive("pull_request", opened));
    // Our own writes (the check, the review request, which moves updated_at) changed three answers.
    await measure("opened, delivered again", size, () => receive("pull_request", opened));
    // A push that changes no AI asset: the verdict stays, written on the new head.
    pull.headSha = sha(1_000_000 + size);
    pull.files = [...pull.files.slice(0, -1), { filename: `src/pushed${size}.ts`, status: "added" }];
    const push = pullRequestEvent(repo, pull, "synchronize");
    await measure("push, verdict unchanged", size, () => receive("pull_request", push));
    await measure("the same delivery again", size, () => receive("pull_request", push));
    pull.reviews.push({
      id: 1,
      login: "dana",
      state: "APPROVED",
      commit_id: pull.headSha,
      submitted_at: new Date().toISOString(),
    });
    pull.updatedAt = new Date(Date.parse(now) + 60_000).toISOString();
    await measure("review approves", size, () =>
      receive("pull_request_review", reviewEvent(repo, pull, "dana", "APPROVED")),
    );
    // Each with its own base commit: the fake's trees (past 3,000 files) are made from a pull request's files.
    const next = fake.state.pull(repo, {
      number: 2,
      headSha: sha(2_000_000 + size),
      baseSha: sha(4_000_000 + size),
      files: files(size, 1),
    });
    Object.assign(next, { createdAt: now, updatedAt: now });
    await measure("opened (AI PR), warm", size, () => receive("pull_request", pullRequestEvent(repo, next, "opened")));
    const plain = fake.state.pull(repo, {
      number: 3,
      headSha: sha(3_000_000 + size),
      baseSha: sha(5_000_000 + size),
      files: files(size, 0),
    });
    await measure("opened (no AI asset), warm", size, () =>
      receive("pull_request", pullRequestEvent(repo, plain, "opened")),
    );
  }
  const off = fake.state.repo("acme", "not-enabled");
  const offPull = fake.state.pull(off, { number: 1, headSha: sha(999_999), files: files(10, 1) });
  const offEvent = pullRequestEvent(off, offPull, "synchronize");
  await measure("repository not opted in, first sight", 10, () => receive("pull_request", offEvent));
  await measure("repository not opted in, warm", 10, () => receive("pull_request", offEvent));
  return costs;
}

/** Resident memory of the app's node process (npm's descendant), in MB, from /proc. */
function rssMb(app: AppProcess): number {
  const server = descendants(app.pid).at(-1) ?? app.pid;
  return vmRss(server) / 1024;
}

function vmRss(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
