import type { ChangedFile, Review, ReviewState } from "../core/gate/types.js";
import type { Octokit, PullRef } from "./types.js";

export type PullRequest = Awaited<ReturnType<Octokit["rest"]["pulls"]["get"]>>["data"];

/** The live pull request: a redelivered or late webhook carries stale reviewers and head. */
export async function fetchPullRequest(octokit: Octokit, ref: PullRef): Promise<PullRequest> {
  return (await octokit.rest.pulls.get(ref)).data;
}

/** All changed files, every page; GitHub stops at 3,000. */
export async function fetchChangedFiles(octokit: Octokit, ref: PullRef): Promise<ChangedFile[]> {
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, { ...ref, per_page: 100 });
  return files.map((file) => ({
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
