import { realpath } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { CONFIG_FILE } from "../config/schema.js";
import { loadPolicy, type LoadedPolicy, type RepoReader } from "../engine/load-policy.js";
import { UsageError } from "./output.js";
import { filesAt, gitRepoReader, repoRoot, resolveCommit, worktreeFiles, worktreeReader } from "./git-reader.js";

/** Where a command reads the policy (and the tree) from: a commit, or the work tree with its uncommitted edits. */
export interface PolicySource {
  /** Top folder of the repository's work tree. */
  root: string;
  /** For messages: the ref as the user wrote it, or "the working tree". */
  label: string;
  reader: RepoReader;
  /** The commit, or "" for the work tree. */
  sha: string;
  worktree: boolean;
  /** Every file in the tree. */
  files(): Promise<string[]>;
  load(): Promise<LoadedPolicy>;
  /** squadgate.yml's text, for line numbers. */
  configText(): Promise<string | null>;
}

export async function openSource(repo: string, opts: { ref: string; worktree: boolean }): Promise<PolicySource> {
  const root = await repoRoot(repo);
  if (opts.worktree) {
    const reader = worktreeReader(root);
    return source({
      root,
      label: "the working tree",
      reader,
      sha: "",
      worktree: true,
      files: () => worktreeFiles(root),
    });
  }
  const sha = await resolveCommit(root, opts.ref);
  return source({
    root,
    label: opts.ref,
    reader: gitRepoReader(root),
    sha,
    worktree: false,
    files: () => filesAt(root, sha),
  });
}

function source(base: Omit<PolicySource, "load" | "configText">): PolicySource {
  return {
    ...base,
    load: () => loadPolicy(base.reader, base.sha),
    configText: () => base.reader.readFile(CONFIG_FILE, base.sha),
  };
}

export const notEnabled = (where: string) =>
  `No ${CONFIG_FILE} in ${where}: Squadgate is not enabled here. Run squadgate init to draft one.`;

/**
 * A path as the user typed it, as a repository path. Relative paths are taken from the current
 * folder when it is inside the repository (`cd prompts && squadgate owners a.txt`), otherwise from
 * the repository's top; a leading `/` means the top, as in CODEOWNERS.
 */
export async function repoPath(raw: string, ctx: { root: string; cwd: string }): Promise<string> {
  const cwd = await realpath(ctx.cwd).catch(() => ctx.cwd);
  if (isAbsolute(raw)) {
    const inside = relative(ctx.root, raw);
    if (inside && !inside.startsWith("..") && !isAbsolute(inside)) return toPosix(inside);
    return raw.replace(/^\/+/, "");
  }
  const fromCwd = relative(ctx.root, cwd);
  const cwdInside = !fromCwd.startsWith("..") && !isAbsolute(fromCwd);
  if (!cwdInside) return raw.replace(/^(\.\/)+/, "");
  const path = relative(ctx.root, resolve(cwd, raw));
  if (path.startsWith("..")) throw new UsageError(`${raw} is outside the repository`);
  return toPosix(path);
}

const toPosix = (path: string) => path.split(sep).join("/");
