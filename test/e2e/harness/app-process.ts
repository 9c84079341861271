import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";

export interface AppProcess {
  url: string;
  pid: number;
  /** Every line the app printed (stdout and stderr), for assertions such as "no secrets". */
  output: string[];
  env: Record<string, string>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const ROOT = new URL("../../../", import.meta.url);

/** A throw-away RSA key, as GitHub issues for an app. */
export function appPrivateKey(): string {
  return generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ type: "pkcs1", format: "pem" })
    .toString();
}

/**
 * Starts the built app exactly as a user would, `npm start` with environment variables, in its own
 * process group (so stopping it stops npm and node), pointed at the fake GitHub.
 */
export async function startApp(input: {
  githubHost: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<AppProcess> {
  const env: Record<string, string> = {
    APP_ID: "4242",
    PRIVATE_KEY: appPrivateKey(),
    WEBHOOK_SECRET: "e2e-webhook-secret-1f2e3d",
    GHE_HOST: input.githubHost,
    GHE_PROTOCOL: "http",
    HOST: "127.0.0.1",
    PORT: String(await freePort()),
    LOG_LEVEL: "debug",
    LOG_FORMAT: "json",
    NODE_ENV: "production",
    // The redelivery job lists deliveries on its own schedule: only tests about it turn it on.
    SQUADGATE_REDELIVERY: "off",
    ...input.env,
  };
  const child = spawn("npm", ["start", "--silent"], {
    cwd: ROOT,
    env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "", ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  collectLines(child, (line) => output.push(line));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${env["PORT"]}`;
  // Ready when the health endpoint answers (the log line may be filtered by LOG_LEVEL).
  const deadline = Date.now() + (input.timeoutMs ?? 20_000);
  let gone = false;
  void exited.then(() => (gone = true));
  while (!(await healthy(url))) {
    if (gone || Date.now() > deadline) {
      killGroup(child.pid as number);
      throw new Error(`the app did not start:\n${output.join("\n")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid as number,
    output,
    env,
    stop: async (signal = "SIGTERM") => {
      // Signal the server itself, as a container runtime does: npm would die on the signal and
      // leave the server running. npm then exits with the server's code.
      const server = descendants(child.pid as number).at(-1) ?? (child.pid as number);
      try {
        process.kill(server, signal);
      } catch {
        // already gone
      }
      const timeout = new Promise<null>((resolve) =>
        setTimeout(() => {
          killGroup(child.pid as number);
          resolve(null);
        }, 15_000),
      );
      return Promise.race([exited, timeout]);
    },
  };
}

/** The last resort: npm, its shell and the server, by process group. */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`)).ok;
  } catch {
    return false;
  }
}

/** Child processes, depth first (npm -> sh -> node), from /proc. */
export function descendants(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
    return children.flatMap((c) => [c, ...descendants(c)]);
  } catch {
    return [];
  }
}

/** A free loopback port (Probot reads PORT=0 as its default 3000, so the port is chosen here). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function collectLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = "";
    stream?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      lines.filter(Boolean).forEach(onLine);
    });
  }
}
