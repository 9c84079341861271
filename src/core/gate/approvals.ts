import type { StalePolicy } from "../../config/schema.js";
import type { Policy, Requirement } from "../policy.js";
import type { RequiredGroup } from "./requirements.js";
import type { ChangesSince, Review, TeamMembers } from "./types.js";

export interface StandingReview {
  login: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "DISMISSED";
  commitId: string | null;
}

/**
 * Each user's standing review, as GitHub counts it: the latest approval, change request or dismissal;
 * comments and pending reviews change nothing. Reviews must be in chronological order (GitHub's).
 */
export function standingReviews(reviews: readonly Review[]): StandingReview[] {
  const byUser = new Map<string, StandingReview>();
  for (const review of reviews) {
    if (review.state === "COMMENTED" || review.state === "PENDING") continue;
    byUser.set(review.login.toLowerCase(), { login: review.login, state: review.state, commitId: review.commitId });
  }
  return [...byUser.values()];
}

const sameLogin = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
export const teamKey = (org: string, slug: string) => `${org}/${slug}`.toLowerCase();

export function isMember(requirement: Requirement, login: string, teams: TeamMembers): boolean {
  return requirement.members.some((member) =>
    member.kind === "user"
      ? sameLogin(member.login, login)
      : (teams.get(teamKey(member.org, member.slug))?.has(login.toLowerCase()) ?? false),
  );
}

/**
 * Teams whose membership decides something: those of a required role that someone not listed by name
 * reviewed. Returned as written in the config (`org/slug`), once each.
 */
export function teamsToResolve(
  required: readonly RequiredGroup[],
  reviews: readonly Review[],
  author: string,
): string[] {
  const reviewers = standingReviews(reviews).filter((r) => r.state !== "DISMISSED" && !sameLogin(r.login, author));
  const teams = new Map<string, string>();
  for (const { requirement } of required) {
    const undecided = reviewers.some((r) => !isMember(requirement, r.login, new Map()));
    if (!undecided) continue;
    for (const member of requirement.members) {
      if (member.kind === "team") teams.set(teamKey(member.org, member.slug), `${member.org}/${member.slug}`);
    }
  }
  return [...teams.values()];
}

export interface ApprovalFacts {
  policy: Policy;
  author: string;
  headSha: string;
  reviews: readonly Review[];
  teamMembers: TeamMembers;
  /** Who put content in the pull request: their approvals do not count for it (unless the policy allows). */
  pushers?: ReadonlySet<string>;
  /** Lower-cased logins whose approval a policy rules out, and why (the agent policy: who started the agent, bots). */
  excluded?: ReadonlyMap<string, string>;
}

/**
 * Whether an approval by `login` cannot count because they pushed to the pull request, like
 * GitHub's "most recent reviewable push" rule: one cannot approve one's own changes.
 */
export const pushedOwnChanges = (facts: ApprovalFacts, login: string): boolean =>
  !facts.policy.config.approvals.pushers_may_approve && (facts.pushers?.has(login.toLowerCase()) ?? false);

/** Whether approvals could count, so that who pushed matters (then the shell reads it). */
export const approvalsMayCount = (reviews: readonly Review[], author: string): boolean =>
  standingReviews(reviews).some((r) => r.state === "APPROVED" && !sameLogin(r.login, author));

/** Commits whose diff to the head decides whether an approval went stale (on_owned_change only). */
export function commitsToCompare(required: readonly RequiredGroup[], facts: ApprovalFacts): string[] {
  if (facts.policy.config.approvals.stale !== "on_owned_change") return [];
  const commits = new Set<string>();
  for (const review of standingReviews(facts.reviews)) {
    if (review.state !== "APPROVED" || !review.commitId || review.commitId === facts.headSha) continue;
    if (sameLogin(review.login, facts.author) || pushedOwnChanges(facts, review.login)) continue;
    if (facts.excluded?.has(review.login.toLowerCase())) continue;
    if (required.some(({ requirement }) => isMember(requirement, review.login, facts.teamMembers)))
      commits.add(review.commitId);
  }
  return [...commits];
}

type ChangeFacts = {
  changesSince: ChangesSince;
  pullRequestFiles?: ReadonlySet<string>;
  /** Files that made the requirement apply (a policy's, as well as the rule's): a change to one makes an approval stale. */
  requiredFiles?: ReadonlySet<string>;
};

export interface RequirementApprovals {
  approvedBy: string[];
  stale: { login: string; reason: string }[];
  changesRequestedBy: string[];
}

/** How the members of one requirement stand on the pull request. */
export function approvalsFor(requirement: Requirement, facts: ApprovalFacts & ChangeFacts): RequirementApprovals {
  const result: RequirementApprovals = { approvedBy: [], stale: [], changesRequestedBy: [] };
  for (const review of standingReviews(facts.reviews)) {
    if (sameLogin(review.login, facts.author) || !isMember(requirement, review.login, facts.teamMembers)) continue;
    if (review.state === "CHANGES_REQUESTED") result.changesRequestedBy.push(review.login);
    if (review.state !== "APPROVED") continue;
    const reason =
      facts.excluded?.get(review.login.toLowerCase()) ??
      (pushedOwnChanges(facts, review.login)
        ? "they pushed commits to this pull request, and nobody approves their own changes (approvals.pushers_may_approve)"
        : staleReason(requirement, review, facts));
    if (reason) result.stale.push({ login: review.login, reason });
    else result.approvedBy.push(review.login);
  }
  return result;
}

function staleReason(
  requirement: Requirement,
  review: StandingReview,
  facts: ApprovalFacts & ChangeFacts,
): string | undefined {
  const mode: StalePolicy = facts.policy.config.approvals.stale;
  if (mode === "never" || review.commitId === facts.headSha) return undefined;
  if (review.commitId === null) return "the approved commit no longer exists";
  if (mode === "on_push") return `new commits since ${review.commitId.slice(0, 7)}`;
  const changed = facts.changesSince.get(review.commitId);
  if (changed === undefined || changed === null) {
    return `cannot tell what changed since the approved commit ${review.commitId.slice(0, 7)}: it is not an ancestor of the head (force-push?), or more than 300 files changed`;
  }
  // Only the pull request's own changes count: "Update branch" brings in the base's changes too.
  const { pullRequestFiles } = facts;
  const owned = changed.find(
    (path) =>
      (!pullRequestFiles || pullRequestFiles.has(path)) &&
      (facts.requiredFiles?.has(path) || facts.policy.requirementsFor(path).some((r) => r.id === requirement.id)),
  );
  return owned === undefined ? undefined : `${owned} changed since ${review.commitId.slice(0, 7)}`;
}
