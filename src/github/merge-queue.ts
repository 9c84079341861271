import { groupMembers, type QueueEntry } from "../core/gate/merge-queue.js";
import type { Octokit, RepoRef } from "./types.js";

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
 * The pull requests a merge group holds (see `groupMembers`), from the merge queue (GraphQL,
 * "Merge queues: read"); when the queue cannot be read, only the pull request the queue branch names.
 */
export async function pullsInMergeGroup(
  octokit: Octokit,
  input: { repo: RepoRef; branch: string; headSha: string; headRef: string },
): Promise<{ numbers: number[]; complete: boolean }> {
  let entries: QueueEntry[] = [];
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
  return groupMembers(entries, input);
}
