import type { ChangedFile, Review, ReviewState } from "../core/gate/types.js";
import type { Octokit, PullRef } from "./types.js";

export type PullRequest = Awaited<ReturnType<Octokit["rest"]["pulls"]["get"]>>["data"];

/** The live pull request: a redelivered or late webhook carries stale reviewers and head. */
export async function fetchPullRequest(octokit: Octokit, ref: PullRef): Promise<PullRequest> {
  return (await octokit.rest.pulls.get(ref)).data;
}

/** Pages fetched at once after the first; GitHub lists at most 30 pages of files. */
const PAGE_CONCURRENCY = 10;

/**
 * All changed files, every page (GitHub stops at 3,000). The first page's `Link` header names the
 * last page, so the rest are fetched in parallel: a 3,000-file pull request costs 2 round trips,
 * not 30, where `octokit.paginate` walks the pages one after another.
 */
export async function fetchChangedFiles(octokit: Octokit, ref: PullRef): Promise<ChangedFile[]> {
  const first = await octokit.rest.pulls.listFiles({ ...ref, per_page: 100 });
  const last = Number(/[?&]page=(\d+)>;\s*rel="last"/.exec(first.headers.link ?? "")?.[1] ?? 1);
  const rest: (typeof first.data)[] = [];
  for (let start = 2; start <= last; start += PAGE_CONCURRENCY) {
    const pages = Array.from({ length: Math.min(PAGE_CONCURRENCY, last - start + 1) }, (_, i) => start + i);
    rest.push(...(await Promise.all(pages.map(async (page) => (await octokit.rest.pulls.listFiles({ ...ref, per_page: 100, page })).data))));
  }
  return [first.data, ...rest].flat().map((file) => ({
    path: file.filename,
    status: file.status,
    ...(file.previous_filename ? { previousPath: file.previous_filename } : {}),
  }));
}

const STATES = new Set<string>(["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"]);

/** Reviews in GitHub's chronological order; reviews by deleted users (no login) cannot count and are dropped. */
export async function fetchReviews(octokit: Octokit, ref: PullRef): Promise<Review[]> {
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { ...ref, per_page: 100 });
  return reviews.flatMap((review) =>
    review.user && STATES.has(review.state)
      ? [
          {
            login: review.user.login,
            state: review.state as ReviewState,
            commitId: review.commit_id ?? null,
            ...(review.submitted_at ? { submittedAt: review.submitted_at } : {}),
          },
        ]
      : [],
  );
}

export function requestedReviewers(pr: PullRequest): { users: string[]; teams: string[] } {
  const org = pr.base.repo.owner.login;
  return {
    users: (pr.requested_reviewers ?? []).map((user) => user.login),
    teams: (pr.requested_teams ?? []).map((team) => `${org}/${team.slug}`),
  };
}
