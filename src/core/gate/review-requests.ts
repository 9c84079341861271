import { GITHUB_LIMITS } from "../render/budget.js";
import type { RequirementStatus } from "./decide.js";
import type { scanAssets } from "./requirements.js";
import type { PullRequestFacts } from "./types.js";

/** Whom one unsatisfied requirement could ask: its users and teams not yet asked, and how many of its members are asked already. */
export interface ReviewCandidates {
  users: readonly string[];
  /** Team slugs of the repository's organisation. */
  teams: readonly string[];
  alreadyAsked: number;
}

export interface ReviewPlan {
  users: string[];
  teams: string[];
  /** Who was not asked because GitHub's limit was reached, as handles. */
  left: string[];
}

/**
 * Whom to ask within GitHub's limit on pending review requests (users and teams together, counting
 * those already asked). One reviewer per requirement in turn, a team before users (one request
 * reaches the whole team), counting those already asked, so every missing role has someone asked
 * before any role has two.
 */
export function planReviewRequests(groups: readonly ReviewCandidates[], pending: number, owner: string): ReviewPlan {
  let room = Math.max(0, GITHUB_LIMITS.reviewRequests - pending);
  // A requirement with k reviewers asked already joins from round k: those asked count as its first picks.
  const queues = groups.map((group) => ({
    from: group.alreadyAsked,
    reviewers: [
      ...group.teams.map((slug) => ({ kind: "team" as const, name: slug })),
      ...group.users.map((login) => ({ kind: "user" as const, name: login })),
    ],
  }));
  const rounds = Math.max(0, ...queues.map((q) => q.from + q.reviewers.length));
  const seen = new Set<string>();
  const plan: ReviewPlan = { users: [], teams: [], left: [] };
  for (let round = 0; round < rounds; round++) {
    for (const queue of queues) {
      const next = queue.reviewers[round - queue.from];
      if (!next) continue;
      const key = `${next.kind}:${next.name.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (room === 0) {
        plan.left.push(next.kind === "team" ? `@${owner}/${next.name}` : `@${next.name}`);
        continue;
      }
      room--;
      (next.kind === "team" ? plan.teams : plan.users).push(next.name);
    }
  }
  return plan;
}

/**
 * Whom to ask for the unsatisfied requirements: not the author, anyone asked or who reviewed already,
 * nor those whose approval would not count (`notCounting`, lower-cased logins).
 */
export function whomToAsk(
  statuses: readonly RequirementStatus[],
  required: ReturnType<typeof scanAssets>["required"],
  facts: PullRequestFacts,
  notCounting: Iterable<string> = [],
): ReturnType<typeof planReviewRequests> {
  const lower = (s: string) => s.toLowerCase();
  const skipUsers = new Set(
    [facts.author, ...facts.requestedUsers, ...facts.reviews.map((r) => r.login), ...notCounting].map(lower),
  );
  const askedUsers = new Set(facts.requestedUsers.map(lower));
  const skipTeams = new Set(facts.requestedTeams.map(lower));
  const groups: ReviewCandidates[] = [];
  required.forEach(({ requirement }, i) => {
    if (statuses[i]?.satisfied) return;
    const users: string[] = [];
    const teams: string[] = [];
    let alreadyAsked = 0;
    for (const member of requirement.members) {
      if (member.kind === "user") {
        if (askedUsers.has(lower(member.login))) alreadyAsked++;
        if (!skipUsers.has(lower(member.login))) users.push(member.login);
        continue;
      }
      const key = lower(`${member.org}/${member.slug}`);
      if (skipTeams.has(key)) alreadyAsked++;
      // Only teams of the repository's own organisation can be asked for a review.
      else if (lower(member.org) === lower(facts.owner)) teams.push(member.slug);
    }
    groups.push({ users, teams, alreadyAsked });
  });
  return planReviewRequests(groups, facts.requestedUsers.length + facts.requestedTeams.length, facts.owner);
}
