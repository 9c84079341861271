import type { Octokit, RepoRef } from "./types.js";

/** A merge group's queue branch: `refs/heads/gh-readonly-queue/<base>/pr-<number>-<sha>`. */
const QUEUE_BRANCH = /^refs\/heads\/gh-readonly-queue\/.+\/pr-(\d+)-[0-9a-f]{40}$/;

/** The pull request a merge group's queue branch names: the last one in the group. */
export const pullNamedByQueueBranch = (headRef: string): number | undefined => {
  const match = QUEUE_BRANCH.exec(headRef);
  return match ? Number(match[1]) : undefined;
};

type QueueEntries = {
  repository: {
    mergeQueue: {
      entries: {
        nodes: { position: number; headCommit: { oid: string } | null; pullRequest: { number: number } | null }[];
      };
    } | null;
  } | null;
};

/**
 * The pull requests a merge group holds: the one its queue branch names and those queued ahead of
 * it, whose changes the group's commit also carries (GitHub may merge them on this group's checks).
 * From the merge queue (GraphQL, "Merge queues: read"); when the group is no longer in the queue,
 * or the queue cannot be read, only the named pull request is known, and `complete` says so.
 */
export async function pullsInMergeGroup(
  octokit: Octokit,
  input: { repo: RepoRef; branch: string; headSha: string; headRef: string },
): Promise<{ numbers: number[]; complete: boolean }> {
  const named = pullNamedByQueueBranch(input.headRef);
  let entries: { position: number; sha?: string; number?: number }[] = [];
  try {
    const data = await octokit.graphql<QueueEntries>(
      `query ($owner: String!, $name: String!, $branch: String!) {
        repository(owner: $owner, name: $name) { mergeQueue(branch: $branch) { entries(first: 100) { nodes { position headCommit { oid } pullRequest { number } } } } }
      }`,
      { owner: input.repo.owner, name: input.repo.repo, branch: input.branch },
    );
    entries = (data.repository?.mergeQueue?.entries.nodes ?? []).map((n) => ({
      position: n.position,
      ...(n.headCommit ? { sha: n.headCommit.oid } : {}),
      ...(n.pullRequest ? { number: n.pullRequest.number } : {}),
    }));
  } catch {
    entries = []; // without the queue, the queue branch still names the group's own pull request
  }
  const own =
    entries.find((e) => e.sha === input.headSha) ?? entries.find((e) => e.number !== undefined && e.number === named);
  if (!own) return { numbers: named === undefined ? [] : [named], complete: false };
  const ahead = entries
    .filter((e) => e.position <= own.position && e.number !== undefined)
    .sort((a, b) => a.position - b.position);
  return { numbers: [...new Set(ahead.map((e) => e.number as number))], complete: true };
}
