import { GITHUB_LIMITS } from "../render/budget.js";

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
