import { limitRefusal, type LimitedWrite } from "../../helpers/github-limits.js";
import type { Reply } from "./routes.js";
import type { FakeState } from "./state.js";

/** Routes whose bodies GitHub limits, and which limit. */
const LIMITED: Record<string, LimitedWrite> = {
  "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": "body",
  "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}": "body",
  "PATCH /repos/{owner}/{repo}/pulls/{pull_number}": "body",
  "POST /repos/{owner}/{repo}/check-runs": "check",
  "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}": "check",
  "POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers": "reviewers",
};

/** GitHub's 422 for a write past its limits, or undefined when the write is within them. */
export function refusalFor(
  route: string,
  params: Record<string, string>,
  body: unknown,
  state: FakeState,
): Reply | undefined {
  const kind = LIMITED[route];
  if (!kind) return undefined;
  const pull =
    kind === "reviewers"
      ? state.find(params["owner"] ?? "", params["repo"] ?? "")?.pulls.get(Number(params["pull_number"]))
      : undefined;
  const refused = limitRefusal(kind, body, pull ? pull.requestedUsers.length + pull.requestedTeams.length : 0);
  return refused ? { status: refused[0], json: refused[1] } : undefined;
}
