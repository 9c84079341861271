import { statusOf } from "./repo-reader.js";
import { TtlCache } from "./ttl-cache.js";
import type { Octokit, RepoRef } from "./types.js";

/** GitHub lists at most 300 files in a comparison; past that we cannot tell which files changed. */
const COMPARE_FILE_LIMIT = 300;

/** What changed between two commits never changes, so comparisons are cached for a day. */
export type CompareCache = TtlCache<readonly string[] | null>;
export const createCompareCache = () =>
  new TtlCache<readonly string[] | null>({ ttlMs: 86_400_000, maxEntries: 10_000 });

/**
 * Paths changed between each approved commit and the head; null where the approved commit is not an
 * ancestor of the head (force-push), is gone, or the diff is too large to list.
 */
export async function fetchChangesSince(
  octokit: Octokit,
  input: { repo: RepoRef; commits: readonly string[]; headSha: string; cache: CompareCache },
): Promise<Map<string, readonly string[] | null>> {
  const result = new Map<string, readonly string[] | null>();
  await Promise.all(
    input.commits.map(async (commit) => {
      const key = `${input.repo.owner}/${input.repo.repo}:${commit}...${input.headSha}`;
      const cached = input.cache.get(key);
      if (cached !== undefined) return void result.set(commit, cached);
      const changed = await compare(octokit, input.repo, commit, input.headSha);
      input.cache.set(key, changed);
      result.set(commit, changed);
    }),
  );
  return result;
}

async function compare(octokit: Octokit, repo: RepoRef, base: string, head: string): Promise<readonly string[] | null> {
  try {
    // per_page=1 keeps the commit list small; the file list always comes whole on the first page.
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      ...repo,
      basehead: `${base}...${head}`,
      per_page: 1,
    });
    if (data.status !== "ahead" && data.status !== "identical") return null;
    const files = data.files ?? [];
    if (files.length >= COMPARE_FILE_LIMIT) return null;
    return files.flatMap((file) =>
      file.previous_filename ? [file.filename, file.previous_filename] : [file.filename],
    );
  } catch (error) {
    if (statusOf(error) === 404 || statusOf(error) === 422) return null;
    throw error;
  }
}
