import { changedBetweenTrees, type TreeEntry } from "../core/gate/tree-diff.js";
import { touchedPaths, type ChangedFile } from "../core/gate/types.js";
import { fetchChangedFiles, LISTED_FILES_LIMIT } from "./pull-request.js";

/** What listing a pull request's files needs of it: its commits, and how many files GitHub says changed (when it says). */
type PullShas = { base: { sha: string }; head: { sha: string }; changed_files?: number; changedFiles?: number };
import type { CompareCache } from "./changes-since.js";
import type { Octokit, PullRef, RepoRef } from "./types.js";

/**
 * The pull request's complete list of changed files. GitHub lists at most 3,000; past that, the
 * paths come from comparing the git trees of the merge base and the head (3 more reads, fetched
 * while the listing's later pages load). Complete is false only when GitHub cut even a tree short
 * (100,000 entries or 7 MB): then the gate must not pass what it could not see.
 */
export async function listChangedFiles(
  octokit: Octokit,
  input: { pull: PullRef; pr: Promise<PullShas>; cache: CompareCache },
): Promise<{ files: ChangedFile[]; complete: boolean }> {
  const repo = { owner: input.pull.owner, repo: input.pull.repo };
  const byTree = async () => {
    const pr = await input.pr;
    return changedPathsByTree(octokit, { repo, baseSha: pr.base.sha, headSha: pr.head.sha, cache: input.cache });
  };
  const { files, beyond } = await fetchChangedFiles(octokit, input.pull, byTree);
  const pr = await input.pr;
  // The single-PR read says how many files changed; the listings do not, and then only the limit tells.
  const expected = ("changed_files" in pr ? pr.changed_files : pr.changedFiles) ?? 0;
  if (files.length < LISTED_FILES_LIMIT && files.length >= expected) return { files, complete: true };
  const paths = await (beyond ?? byTree());
  if (!paths) return { files, complete: false };
  const known = new Set(touchedPaths(files));
  const unlisted = paths.filter((path) => !known.has(path)).map((path) => ({ path, status: "changed" }));
  return { files: [...files, ...unlisted], complete: true };
}

/**
 * Paths that differ between the head and its merge base with the base, or undefined when a tree was
 * truncated. Two commits' trees never change, so the answer is cached like a comparison.
 */
async function changedPathsByTree(
  octokit: Octokit,
  input: { repo: RepoRef; baseSha: string; headSha: string; cache: CompareCache },
): Promise<readonly string[] | undefined> {
  const key = `tree:${input.repo.owner}/${input.repo.repo}:${input.baseSha}...${input.headSha}`;
  const cached = input.cache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const paths = await diffTrees(octokit, input);
  input.cache.set(key, paths ?? null);
  return paths;
}

async function diffTrees(
  octokit: Octokit,
  input: { repo: RepoRef; baseSha: string; headSha: string },
): Promise<string[] | undefined> {
  const [comparison, headTree] = await Promise.all([
    octokit.rest.repos.compareCommitsWithBasehead({
      ...input.repo,
      basehead: `${input.baseSha}...${input.headSha}`,
      per_page: 1,
    }),
    treeOf(octokit, input.repo, input.headSha),
  ]);
  const baseTree = await treeOf(octokit, input.repo, comparison.data.merge_base_commit.sha);
  return baseTree && headTree ? changedBetweenTrees(baseTree, headTree) : undefined;
}

/** Every entry of a commit's tree, or undefined when GitHub truncated it. */
async function treeOf(octokit: Octokit, repo: RepoRef, commit: string): Promise<TreeEntry[] | undefined> {
  const { data } = await octokit.rest.git.getTree({ ...repo, tree_sha: commit, recursive: "1" });
  if (data.truncated) return undefined;
  return data.tree.flatMap((e) => (e.path && e.sha && e.type ? [{ path: e.path, type: e.type, sha: e.sha }] : []));
}
