import { execFile, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { startRedis, type RedisServer } from "../helpers/redis-server.js";
import { FakeGitHub } from "./fake-github/server.js";
import { FakeState } from "./fake-github/state.js";
import { appPrivateKey, freePort } from "./harness/app-process.js";
import { deliver, pullRequestEvent } from "./harness/webhooks.js";

/**
 * No container engine runs here, so the image's runtime stage is replayed step by step from the
 * Dockerfile itself, in a clean folder: its copies, its production-only install, then its CMD and
 * HEALTHCHECK exactly as written, against Redis and the fake GitHub.
 */
const ROOT = new URL("../../", import.meta.url).pathname;
const DOCKERFILE = readFileSync(join(ROOT, "Dockerfile"), "utf8");
const stages = DOCKERFILE.split(/^FROM /m).slice(1);
const runtime = (stages.at(-1) ?? "").split("\n").filter((line) => line && !line.startsWith("#"));
const instruction = (name: string) =>
  runtime.filter((line) => line.startsWith(`${name} `)).map((line) => line.slice(name.length + 1));
const dir = mkdtempSync(join(tmpdir(), "squadgate-image-"));
let redis: RedisServer | undefined;
let fake: FakeGitHub | undefined;

afterAll(async () => {
  await Promise.all([redis?.stop(), fake?.stop()]);
  rmSync(dir, { recursive: true, force: true });
  expect(fake?.refusals ?? []).toEqual([]);
});

describe("the container image", { timeout: 300_000 }, () => {
  it("is multi-stage, runs as a non-root user, checks /healthz, and runs node itself", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(instruction("USER")).toEqual(["node"]);
    expect(instruction("HEALTHCHECK")[0]).toContain("/healthz");
    expect(JSON.parse(instruction("CMD")[0] ?? "[]")).toEqual(["node", "lib/server.js"]);
    expect(instruction("RUN").join("\n")).toMatch(/npm ci --omit=dev/);
  });

  it("compose runs it with Redis", () => {
    const compose = parse(readFileSync(join(ROOT, "compose.yaml"), "utf8")) as {
      services: Record<string, { image?: string; build?: string; environment?: Record<string, string> }>;
    };
    const redisService = Object.entries(compose.services).find(([, s]) => s.image?.startsWith("redis:"))?.[0];
    const app = Object.values(compose.services).find((s) => s.build === ".");
    expect(app?.environment?.["REDIS_URL"]).toBe(`redis://${redisService}:6379`);
  });

  it("its runtime stage installs production dependencies only, starts, answers its health check, works and stops on SIGTERM", async () => {
    const env: Record<string, string> = { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "" };
    for (const line of runtime) await replay(line, env);
    const installed = (name: string) => existsSync(join(dir, "node_modules", name, "package.json"));
    expect(["probot", "ioredis", "redis-semaphore", "prom-client"].filter((name) => !installed(name))).toEqual([]);
    expect(["typescript", "vitest", "nock", "tsx"].filter(installed)).toEqual([]);

    [redis, fake] = await Promise.all([startRedis(), Promise.resolve(new FakeGitHub(new FakeState()))]);
    await fake.start();
    const port = String(await freePort());
    Object.assign(env, {
      HOST: "127.0.0.1",
      PORT: port,
      APP_ID: "4242",
      PRIVATE_KEY: appPrivateKey(),
      WEBHOOK_SECRET: "container-secret",
    });
    Object.assign(env, { GHE_HOST: fake.host, GHE_PROTOCOL: "http", REDIS_URL: redis.url, LOG_LEVEL: "warn" });
    const [command, ...args] = JSON.parse(instruction("CMD")[0] ?? "[]") as string[];
    const server = spawn(command === "node" ? process.execPath : (command ?? ""), args, {
      cwd: dir,
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)));
    try {
      const healthcheck = JSON.parse(instruction("HEALTHCHECK")[0]?.replace(/^.*?CMD /, "") ?? "[]") as string[];
      const deadline = Date.now() + 60_000;
      while (!(await succeeds(healthcheck, env))) {
        if (Date.now() > deadline) throw new Error("the health check never passed");
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const repo = fake.state.repo("acme", "image");
      fake.state.commit(repo, "main", {
        ".github/squadgate.yml": "roles:\n  ds:\n    members: [dana]\n",
        ".github/SQUADOWNERS": "/prompts/ @ds\n",
      });
      const pull = fake.state.pull(repo, {
        number: 1,
        headSha: "a".repeat(40),
        files: [{ filename: "prompts/a.txt", status: "modified" }],
      });
      const answer = await deliver(`http://127.0.0.1:${port}`, "container-secret", {
        name: "pull_request",
        payload: pullRequestEvent(repo, pull, "opened"),
      });
      expect([200, 202]).toContain(answer.status); // 202: Probot stopped waiting after 9 s; the work goes on
      const writtenBy = Date.now() + 60_000;
      while (repo.checkRuns.length === 0 && Date.now() < writtenBy)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(repo.checkRuns).toMatchObject([{ name: "Squadgate", conclusion: "action_required" }]);
      expect(fake.violations).toEqual([]);
    } finally {
      server.kill("SIGTERM"); // the process CMD started is node itself: the signal reaches it
    }
    expect(await exited).toBe(0);
  });
});

/** One Dockerfile instruction of the runtime stage, done in the clean folder. */
async function replay(line: string, env: Record<string, string>): Promise<void> {
  const [name = "", ...rest] = line.split(" ");
  const args = rest.join(" ");
  if (name === "ENV")
    for (const pair of args.split(" ")) env[pair.split("=")[0] ?? ""] = pair.split("=").slice(1).join("=");
  if (name === "COPY" && args.startsWith("--from=build /app/lib "))
    cpSync(join(ROOT, "lib"), join(dir, "lib"), { recursive: true });
  else if (name === "COPY")
    for (const source of rest.slice(0, -1)) cpSync(join(ROOT, source), join(dir, source), { recursive: true });
  // A build cache mount only keeps npm's cache out of the image.
  if (name === "RUN") await promisify(execFile)("sh", ["-c", args.replace(/--mount=\S+ /g, "")], { cwd: dir, env });
}

async function succeeds(command: string[], env: Record<string, string>): Promise<boolean> {
  const [file = "", ...args] = command;
  try {
    await promisify(execFile)(file === "node" ? process.execPath : file, args, { cwd: dir, env, timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}
