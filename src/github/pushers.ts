import { PULL_REQUEST } from "../config/problems.js";
import type { CommitInfo, CommitPerson, PullInfo, Pushers } from "../core/pull/facts.js";
import { statusOf } from "./repo-reader.js";
import { TtlCache } from "./ttl-cache.js";
import type { Octokit, PullRef } from "./types.js";

export type { Pushers } from "../core/pull/facts.js";

/** Who pushed what a head commit holds never changes, so it is kept per head for a day. */
export type PusherCache = TtlCache<Pushers>;
export const createPusherCache = (): PusherCache => new TtlCache({ ttlMs: 86_400_000, maxEntries: 5_000 });

/** GitHub's account for commits made in its web interface: nobody approves as it. */
const WEB_FLOW = "web-flow";

/**
 * Everyone who put content in the pull request: who pushed to its head branch (the repository's
 * activity log, which records the pusher, not what a commit claims), and the GitHub accounts of
 * its commits' authors and committers (so content survives a rebase by someone else). Like
 * GitHub's "most recent reviewable push" rule, their approvals do not count for it.
 */
export async function fetchPushers(
  octokit: Octokit,
  input: { pull: PullRef; pr: PullInfo; cache: PusherCache },
): Promise<Pushers> {
  const key = `${input.pull.owner}/${input.pull.repo}#${input.pull.pull_number}@${input.pr.head.sha}`.toLowerCase();
  const cached = input.cache.get(key);
  if (cached) return cached;
  const [commits, pushes] = await Promise.all([listCommits(octokit, input.pull), pushActors(octokit, input.pr)]);
  const people = commits
    .flatMap((c) => [c.author.login, c.committer.login])
    .flatMap((l) => (l ? [l.toLowerCase()] : []));
  const pushed = (pushes ?? []).map((login) => login.toLowerCase());
  const logins = [...new Set([...people, ...pushed])].filter((login) => login !== WEB_FLOW);
  const pushers: Pushers = pushes
    ? { logins, commits, pushedBy: pushes }
    : {
        logins,
        commits,
        problem: {
          severity: "warning",
          file: PULL_REQUEST,
          message: `Squadgate could not read who pushed to ${input.pr.head.label ?? input.pr.head.ref}, so only the authors and committers its commits name are kept from approving their own changes`,
        },
      };
  input.cache.set(key, pushers);
  return pushers;
}

/** The pull request's commits (GitHub lists at most 250): their messages, and the people they name with the accounts those map to. */
async function listCommits(octokit: Octokit, pull: PullRef): Promise<CommitInfo[]> {
  const commits = await octokit.paginate(octokit.rest.pulls.listCommits, { ...pull, per_page: 100 });
  return commits.map((c) => ({
    sha: c.sha,
    ...keptMessage(c.commit?.message ?? ""),
    author: person(c.commit?.author, c.author),
    committer: person(c.commit?.committer, c.committer),
  }));
}

type GitPerson = { name?: string; email?: string } | null | undefined;
type Account = { login?: string; type?: string } | null | undefined;

function person(git: GitPerson, account: Account): CommitPerson {
  return {
    name: git?.name ?? "",
    email: git?.email ?? "",
    ...(account?.login ? { login: account.login } : {}),
    ...(account?.type === "Bot" ? { bot: true as const } : {}),
  };
}

/**
 * Commit messages are kept per head for a day (and shared between replicas), so only their start
 * (the subject) and their end (the trailers and footers agents write) are kept: 4,000 characters at
 * most, whatever a commit carries, with where the end starts so lines keep their numbers.
 */
const HEAD_CHARS = 1_000;
const TAIL_CHARS = 3_000;
function keptMessage(message: string): Pick<CommitInfo, "message" | "cut"> {
  if (message.length <= HEAD_CHARS + TAIL_CHARS) return { message };
  const head = message.slice(0, HEAD_CHARS);
  const tailStart = message.length - TAIL_CHARS;
  const tailFrom = message.slice(0, tailStart).split("\n").length;
  return {
    message: `${head}\n…\n${message.slice(tailStart)}`,
    cut: { headLines: head.split("\n").length, tailFrom },
  };
}

/** Actors of the head branch's activity (pushes, force-pushes, its creation); undefined when unreadable. */
async function pushActors(octokit: Octokit, pr: PullInfo): Promise<string[] | undefined> {
  const headRepo = pr.head.repo;
  if (!headRepo) return undefined; // the fork is gone
  try {
    const { data } = await octokit.rest.repos.listActivities({
      owner: headRepo.owner,
      repo: headRepo.name,
      ref: `refs/heads/${pr.head.ref}`,
      per_page: 100,
    });
    return data
      .filter((a) => a.activity_type !== "branch_deletion")
      .flatMap((a) => (a.actor?.login ? [a.actor.login] : []));
  } catch (error) {
    const status = statusOf(error);
    if (status === 403 || status === 404 || status === 422) return undefined;
    throw error;
  }
}
