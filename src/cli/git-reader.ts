import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { CONFIG_FILE } from "../config/schema.js";
import { parseConfigText } from "../config/validate-config.js";
import type { ChangedFile } from "../core/gate/types.js";
import type { RepoReader } from "../engine/load-policy.js";

const run = promisify(execFile);
const MAX_BUFFER = 256 * 1024 * 1024;

export class GitError extends Error {}

async function git(dir: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run("git", ["-C", dir, ...args], { maxBuffer: MAX_BUFFER, encoding: "utf8" });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new GitError(stderr || (error as Error).message);
  }
}

/** Fails with a readable message when `ref` names no commit in `dir`. */
export async function resolveCommit(dir: string, ref: string): Promise<string> {
  if (ref.startsWith("-")) throw new GitError(`"${ref}" is not a git ref`);
  try {
    return (await git(dir, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])).trim();
  } catch {
    throw new GitError(`"${ref}" is not a commit, branch or tag in ${dir}`);
  }
}

/** The same engine inputs as on GitHub, read from a local clone. `_extends` cannot be followed offline. */
export function gitRepoReader(dir: string): RepoReader {
  const readFile = async (path: string, ref: string): Promise<string | null> => {
    try {
      return await git(dir, ["cat-file", "blob", `${ref}:${path}`]);
    } catch {
      return null;
    }
  };
  return {
    readFile,
    async loadConfig(ref) {
      const text = await readFile(CONFIG_FILE, ref);
      return text === null ? { config: null, problems: [] } : parseConfigText(text, CONFIG_FILE);
    },
  };
}

/** Files a pull request from `head` into `base` would change: the diff from their merge base, as GitHub shows it. */
export async function changedFiles(dir: string, base: string, head: string): Promise<ChangedFile[]> {
  const out = await git(dir, ["diff", "--name-status", "-M", "-z", "--no-color", `${base}...${head}`]);
  const fields = out.split("\0").filter((field) => field !== "");
  const files: ChangedFile[] = [];
  for (let i = 0; i < fields.length; ) {
    const status = fields[i++] as string;
    if (status.startsWith("R") || status.startsWith("C")) {
      const previousPath = fields[i++] as string;
      const path = fields[i++] as string;
      files.push(status.startsWith("R") ? { path, previousPath, status: "renamed" } : { path, status: "copied" });
    } else {
      files.push({ path: fields[i++] as string, status: STATUS[status[0] as string] ?? "modified" });
    }
  }
  return files;
}

const STATUS: Record<string, string> = { A: "added", D: "removed", M: "modified", T: "changed" };
