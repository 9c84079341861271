/** A merge group's queue branch: `refs/heads/gh-readonly-queue/<base>/pr-<number>-<sha>`. */
const QUEUE_BRANCH = /^refs\/heads\/gh-readonly-queue\/.+\/pr-(\d+)-[0-9a-f]{40}$/;

/** The pull request a merge group's queue branch names: the last one in the group. */
export const pullNamedByQueueBranch = (headRef: string): number | undefined => {
  const match = QUEUE_BRANCH.exec(headRef);
  return match ? Number(match[1]) : undefined;
};

/** One entry of a merge queue, as far as a group's membership goes. */
export type QueueEntry = { position: number; sha?: string; number?: number };

/**
 * The pull requests a merge group holds: the one its queue branch names and those queued ahead of
 * it, whose changes the group's commit also carries (GitHub may merge them on this group's checks).
 * When the group is not in the queue (or the queue could not be read) only the named pull request
 * is known, and `complete` says so.
 */
export function groupMembers(
  entries: readonly QueueEntry[],
  group: { headSha: string; headRef: string },
): { numbers: number[]; complete: boolean } {
  const named = pullNamedByQueueBranch(group.headRef);
  const own =
    entries.find((e) => e.sha === group.headSha) ?? entries.find((e) => e.number !== undefined && e.number === named);
  if (!own) return { numbers: named === undefined ? [] : [named], complete: false };
  const ahead = entries
    .filter((e) => e.position <= own.position && e.number !== undefined)
    .sort((a, b) => a.position - b.position);
  return { numbers: [...new Set(ahead.map((e) => e.number as number))], complete: true };
}
