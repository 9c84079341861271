import { execFile } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);

export interface TestRepo {
  dir: string;
  git(...args: string[]): Promise<string>;
  /** Writes files (path -> text) into the work tree, creating folders. */
  write(files: Record<string, string>): Promise<void>;
  /** Writes the files, then commits everything. */
  commit(message: string, files?: Record<string, string>): Promise<void>;
}

/** A throw-away git repository on `main` with one commit of `files`. */
export async function createRepo(files: Record<string, string>): Promise<TestRepo> {
  const dir = await mkdtemp(join(tmpdir(), "squadgate-test-"));
  const git = async (...args: string[]) =>
    (
      await exec(
        "git",
        ["-C", dir, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "-c", "commit.gpgsign=false", ...args],
        { maxBuffer: 64 * 1024 * 1024 },
      )
    ).stdout;
  const write = async (more: Record<string, string>) => {
    for (const [path, text] of Object.entries(more)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
  };
  const commit = async (message: string, more: Record<string, string> = {}) => {
    await write(more);
    await git("add", "--all");
    await git("commit", "--quiet", "--allow-empty", "-m", message);
  };
  await git("init", "--quiet", "--initial-branch=main");
  await commit("initial", files);
  return { dir, git, write, commit };
}
