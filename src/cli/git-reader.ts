import { execFile } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
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
    throw new GitError(gitMessage(error));
  }
}

/** git's own words, minus its `hint:` and `warning:` lines, which speak of git commands the user did not run. */
function gitMessage(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr ?? "";
  const lines = stderr.split("\n").filter((line) => line.trim() !== "" && !/^(hint|warning):/.test(line));
  return lines.join("\n").replace(/^(fatal|error): /, "") || (error as Error).message;
}

/** The top folder of the work tree that `dir` is in; a readable error when it is in none. */
export async function repoRoot(dir: string): Promise<string> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new GitError(`${dir} is not a folder`);
  try {
    return (await git(dir, ["rev-parse", "--show-toplevel"])).trim();
  } catch {
    throw new GitError(`${dir} is not in a git repository: run squadgate inside a clone, or pass --repo DIR`);
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
  return { readFile, loadConfig: configLoader(readFile) };
}

/** Reads the files as they are on disk in the work tree rooted at `root`, uncommitted edits included; refs are ignored. */
export function worktreeReader(root: string): RepoReader {
  const read = async (path: string): Promise<string | null> => {
    try {
      return await readFile(join(root, path), "utf8");
    } catch {
      return null;
    }
  };
  return { readFile: read, loadConfig: configLoader(read) };
}

function configLoader(read: (path: string, ref: string) => Promise<string | null>): RepoReader["loadConfig"] {
  return async (ref) => {
    const text = await read(CONFIG_FILE, ref);
    return text === null ? { config: null, problems: [] } : parseConfigText(text, CONFIG_FILE);
  };
}

const nulList = (out: string) => out.split("\0").filter((path) => path !== "");

/** Every file in the tree of commit `sha`, as repository paths. */
export async function filesAt(dir: string, sha: string): Promise<string[]> {
  return nulList(await git(dir, ["ls-tree", "-r", "-z", "--full-tree", "--name-only", sha]));
}

/** Files in the work tree: tracked ones still on disk and new ones git does not ignore. */
export async function worktreeFiles(root: string): Promise<string[]> {
  const [listed, deleted] = await Promise.all([
    git(root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]),
    git(root, ["ls-files", "-z", "--deleted"]),
  ]);
  const gone = new Set(nulList(deleted));
  return [...new Set(nulList(listed))].filter((path) => !gone.has(path)).sort();
}

/** Files a pull request from `head` into `base` would change: the diff from their merge base, as GitHub shows it. */
export async function changedFiles(dir: string, base: string, head: string): Promise<ChangedFile[]> {
  const out = await git(dir, ["diff", "--name-status", "-M", "-z", "--no-color", `${base}...${head}`]);
  const fields = nulList(out);
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

/**
 * The unified diffs of `paths` in a pull request from `head` into `base`, as GitHub's file listing
 * gives them (hunks only), by path; a binary file has none.
 */
export async function patchesOf(dir: string, base: string, head: string, paths: readonly string[]) {
  const patches = new Map<string, string>();
  if (paths.length === 0) return patches;
  const out = await git(dir, [
    "-c",
    "core.quotePath=false",
    "diff",
    "-M",
    "--no-color",
    `${base}...${head}`,
    "--",
    ...paths,
  ]);
  for (const part of out.split(/^diff --git /m).slice(1)) {
    const path = /^\+\+\+ b\/(.*)$/m.exec(part)?.[1];
    const hunks = part.indexOf("\n@@");
    if (path !== undefined && hunks >= 0) patches.set(path, part.slice(hunks + 1).replace(/\n$/, ""));
  }
  return patches;
}
