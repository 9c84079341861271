import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "../e2e/harness/app-process.js";

export interface RedisServer {
  url: string;
  pid: number;
  /** A new client; the caller quits it. */
  client(): Redis;
  stop(): Promise<void>;
}

/**
 * A real redis-server (the Debian package; .ci/run installs it) of the test's own, on a free
 * loopback port, in a temporary folder, persisting nothing. Stopped by its pid.
 */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "squadgate-redis-"));
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    dir,
    "--daemonize",
    "no",
    "--logfile",
    "",
  ];
  const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const spawnError = new Promise<never>((_, reject) =>
    child.once("error", (error) =>
      reject(new Error(`redis-server could not start (is it installed? .ci/run installs it): ${error.message}`)),
    ),
  );
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => undefined);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const up = await Promise.race([
      spawnError,
      probe
        .connect()
        .then(() => probe.ping())
        .then(
          () => true,
          () => false,
        ),
    ]);
    if (up) break;
    probe.disconnect();
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`redis-server did not start:\n${output.join("")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  probe.disconnect();
  return {
    url,
    pid: child.pid as number,
    client: () => new Redis(url),
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
