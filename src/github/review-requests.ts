import type { Problem } from "../config/problems.js";
import { statusOf } from "./repo-reader.js";
import type { Octokit, PullRef } from "./types.js";

/**
 * Asks for the reviews the decision wants (one write, none when nobody is missing). GitHub refuses
 * the whole request (422) when one reviewer lacks access; that becomes a visible warning, not a crash.
 */
export async function requestReviews(
  octokit: Octokit,
  ref: PullRef,
  wanted: { users: readonly string[]; teams: readonly string[] },
): Promise<Problem[]> {
  if (wanted.users.length === 0 && wanted.teams.length === 0) return [];
  try {
    await octokit.rest.pulls.requestReviewers({ ...ref, reviewers: [...wanted.users], team_reviewers: [...wanted.teams] });
    return [];
  } catch (error) {
    if (statusOf(error) !== 422) throw error;
    const who = [...wanted.users.map((u) => `@${u}`), ...wanted.teams.map((t) => `team ${t}`)].join(", ");
    return [
      {
        severity: "warning",
        file: "squadgate.yml",
        message: `GitHub refused to request reviews from ${who}: ${(error as Error).message}. Reviewers need write access to the repository.`,
      },
    ];
  }
}
