import type { Problem } from "../config/problems.js";
import { statusOf } from "./repo-reader.js";
import type { Octokit, PullRef } from "./types.js";

type Reviewer = { kind: "user" | "team"; name: string };

/**
 * Asks for the reviews the decision wants: one write, none when nobody is missing. The decision stays
 * within GitHub's limit on review requests. GitHub refuses the whole request (422) when one reviewer
 * cannot be asked (no access, say); then each is asked on their own, so one refusal never loses the
 * others, and the refused ones become a visible warning, not a crash.
 */
export async function requestReviews(
  octokit: Octokit,
  ref: PullRef,
  wanted: { users: readonly string[]; teams: readonly string[] },
): Promise<Problem[]> {
  const all: Reviewer[] = [
    ...wanted.users.map((name) => ({ kind: "user" as const, name })),
    ...wanted.teams.map((name) => ({ kind: "team" as const, name })),
  ];
  if (all.length === 0) return [];
  const refusal = await ask(octokit, ref, all);
  if (refusal === undefined) return [];
  if (all.length === 1) return [refused(all, refusal)];
  const refusals: { who: Reviewer; message: string }[] = [];
  for (const who of all) {
    const message = await ask(octokit, ref, [who]);
    if (message !== undefined) refusals.push({ who, message });
  }
  if (refusals.length === 0) return [];
  return [
    refused(
      refusals.map((r) => r.who),
      refusals[0]?.message ?? refusal,
    ),
  ];
}

/** Undefined when GitHub took the request; GitHub's message when it refused it (422). */
async function ask(octokit: Octokit, ref: PullRef, reviewers: readonly Reviewer[]): Promise<string | undefined> {
  try {
    await octokit.rest.pulls.requestReviewers({
      ...ref,
      reviewers: reviewers.filter((r) => r.kind === "user").map((r) => r.name),
      team_reviewers: reviewers.filter((r) => r.kind === "team").map((r) => r.name),
    });
    return undefined;
  } catch (error) {
    if (statusOf(error) !== 422) throw error;
    return (error as Error).message;
  }
}

function refused(who: readonly Reviewer[], message: string): Problem {
  const names = who.map((r) => (r.kind === "user" ? `@${r.name}` : `team ${r.name}`)).join(", ");
  return {
    severity: "warning",
    file: "squadgate.yml",
    message: `GitHub refused to request reviews from ${names}: ${message}. Reviewers need write access to the repository.`,
  };
}
