import { execFile } from "node:child_process";
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
/** Works from `src/cli` (tests) and `lib/cli` (built). */
export const DEMO_FIXTURES = fileURLToPath(new URL("../../fixtures/demo/", import.meta.url));

/**
 * Builds a throw-away git repository: `main` from `fixtures/demo/base`, `feature` with
 * `fixtures/demo/head` laid over it. Returns its directory.
 */
export async function createDemoRepo(fixtures = DEMO_FIXTURES): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "squadgate-demo-"));
  const git = (...args: string[]) =>
    run("git", [
      "-C",
      dir,
      "-c",
      "user.name=Squadgate demo",
      "-c",
      "user.email=demo@squadgate.invalid",
      "-c",
      "commit.gpgsign=false",
      ...args,
    ]);
  await git("init", "--quiet", "--initial-branch=main");
  await cp(join(fixtures, "base"), dir, { recursive: true });
  await git("add", "--all");
  await git("commit", "--quiet", "-m", "Support bot with Squadgate policy");
  await git("checkout", "--quiet", "-b", "feature");
  await cp(join(fixtures, "head"), dir, { recursive: true });
  await git("add", "--all");
  await git("commit", "--quiet", "-m", "Tighten the support prompt and add refund answers");
  return dir;
}
