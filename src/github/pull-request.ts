import type { ChangedFile, Review, ReviewState } from "../core/gate/types.js";
import type { PullInfo } from "../core/pull/facts.js";
import type { Octokit, PullRef, RepoRef } from "./types.js";

/** A pull request as read alone, or as the listings (by state, by commit) give it: the fields they share are used. */
export type PullRequest =
  | Awaited<ReturnType<Octokit["rest"]["pulls"]["get"]>>["data"]
  | Awaited<ReturnType<Octokit["rest"]["pulls"]["list"]>>["data"][number];

/** The fields the gate reads of a pull request, whichever read gave it. */
export function pullInfo(pr: PullRequest): PullInfo {
  const requested = requestedReviewers(pr);
  return {
    number: pr.number,
    state: pr.state,
    draft: pr.draft ?? false,
    author: authorOf(pr),
    body: pr.body ?? "",
    labels: pr.labels.map((label) => label.name),
    base: { ref: pr.base.ref, sha: pr.base.sha, owner: pr.base.repo.owner.login },
    head: {
      sha: pr.head.sha,
      ref: pr.head.ref,
      label: pr.head.label,
      ...(pr.head.repo ? { repo: { owner: pr.head.repo.owner.login, name: pr.head.repo.name } } : {}),
    },
    requestedUsers: requested.users,
    requestedTeams: requested.teams,
    ...("changed_files" in pr ? { changedFiles: pr.changed_files } : {}),
    ...(pr.user?.type === "Bot" ? { authorBot: true as const } : {}),
    ...("commits" in pr && typeof pr.commits === "number" ? { commits: pr.commits } : {}),
    ...(pr.created_at ? { createdAt: pr.created_at, updatedAt: pr.updated_at } : {}),
  };
}

/** The author's login ("" when GitHub no longer knows the account). */
export const authorOf = (pr: PullRequest): string => pr.user?.login ?? "";

/** The live pull request: a redelivered or late webhook carries stale reviewers and head. */
export async function fetchPullRequest(octokit: Octokit, ref: PullRef): Promise<PullRequest> {
  return (await octokit.rest.pulls.get(ref)).data;
}

/**
 * Open pull requests whose head is `sha`, as GitHub associates them with the commit (one read).
 * The association is computed after a push, so right after one it can lag: callers check that it
 * lists the pull request they know is at `sha` before trusting it to be complete.
 */
export async function pullsAssociatedWith(octokit: Octokit, repo: RepoRef, sha: string): Promise<PullRequest[]> {
  const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
    ...repo,
    commit_sha: sha,
    per_page: 100,
  });
  return data.filter((pr) => pr.state === "open" && pr.head.sha === sha);
}

/** Every open pull request with head `sha`, from the full listing of open pull requests (exact, but one read per 100). */
export async function openPullsAtHead(octokit: Octokit, repo: RepoRef, sha: string): Promise<PullRequest[]> {
  const open = await octokit.paginate(octokit.rest.pulls.list, { ...repo, state: "open", per_page: 100 });
  return open.filter((pr) => pr.head.sha === sha);
}

/** Pages fetched at once after the first; GitHub lists at most 30 pages of files. */
const PAGE_CONCURRENCY = 10;
/** GitHub stops listing a pull request's files here (30 pages of 100). */
export const LISTED_FILES_LIMIT = 3000;
const LAST_LISTED_PAGE = LISTED_FILES_LIMIT / 100;

/**
 * All listed changed files, every page (GitHub stops at 3,000). The first page's `Link` header
 * names the last page, so the rest are fetched in parallel: a 3,000-file pull request costs 2
 * round trips, not 30, where `octokit.paginate` walks the pages one after another. When the first
 * page shows the listing may reach GitHub's limit, `beyondLimit` starts at once, alongside the
 * other pages, to find what the listing cannot show.
 */
export async function fetchChangedFiles<T>(
  octokit: Octokit,
  ref: PullRef,
  beyondLimit?: () => Promise<T>,
): Promise<{ files: ChangedFile[]; beyond?: Promise<T> }> {
  const first = await octokit.rest.pulls.listFiles({ ...ref, per_page: 100 });
  const last = Number(/[?&]page=(\d+)>;\s*rel="last"/.exec(first.headers.link ?? "")?.[1] ?? 1);
  const beyond = last >= LAST_LISTED_PAGE && beyondLimit ? beyondLimit() : undefined;
  // Awaited only when the listing did reach the limit; a failure is never left unhandled.
  beyond?.catch(() => undefined);
  const rest: (typeof first.data)[] = [];
  for (let start = 2; start <= last; start += PAGE_CONCURRENCY) {
    const pages = Array.from({ length: Math.min(PAGE_CONCURRENCY, last - start + 1) }, (_, i) => start + i);
    rest.push(
      ...(await Promise.all(
        pages.map(async (page) => (await octokit.rest.pulls.listFiles({ ...ref, per_page: 100, page })).data),
      )),
    );
  }
  const files = [first.data, ...rest].flat().map((file) => ({
    path: file.filename,
    status: file.status,
    ...(file.previous_filename ? { previousPath: file.previous_filename } : {}),
    ...patchOf(file),
    additions: file.additions,
  }));
  return { files, ...(beyond ? { beyond } : {}) };
}

/** The file's diff as GitHub shows it; a rename that changes nothing has an empty one. GitHub leaves it out of large diffs. */
const patchOf = (file: { patch?: string; status: string; changes: number }): { patch?: string } =>
  file.patch !== undefined
    ? { patch: file.patch }
    : file.status === "renamed" && file.changes === 0
      ? { patch: "" }
      : {};

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
            ...(review.user.type === "Bot" ? { bot: true as const } : {}),
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
