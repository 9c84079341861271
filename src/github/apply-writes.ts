import type { Problem } from "../config/problems.js";
import { checklistOnto, fittedChecklistText, tooLong, type ChecklistState } from "../core/checklists/state.js";
import type { Write } from "../core/writes.js";
import { writeEvalComment } from "./evals/eval-comment.js";
import { requestReviews } from "./review-requests.js";
import { upsertSticky, type IssueComment } from "./sticky-comment.js";
import type { Octokit, PullRef } from "./types.js";

/** Where writes go, and what this delivery already read of the pull request's comments. */
export interface WriteTarget {
  pull: PullRef;
  botLogin: () => Promise<string>;
  comments?: IssueComment[];
}

/**
 * The one writer of a pull request's writes, in order. Each is applied only where GitHub does not
 * already say it; what GitHub refuses becomes a problem for the check, never a crash. Returns the
 * comments as they now stand, so later steps of the same delivery need not list them again.
 */
export async function applyWrites(
  octokit: Octokit,
  target: WriteTarget,
  writes: readonly Write[],
): Promise<{ problems: Problem[]; comments?: IssueComment[] }> {
  const problems: Problem[] = [];
  let comments = target.comments;
  for (const write of writes) {
    const at = { ...target, ...(comments ? { comments } : {}) };
    const applied = await applyOne(octokit, at, write);
    problems.push(...applied.problems);
    comments = applied.comments ?? comments;
  }
  return { problems, ...(comments ? { comments } : {}) };
}

async function applyOne(
  octokit: Octokit,
  target: WriteTarget,
  write: Write,
): Promise<{ problems: Problem[]; comments?: IssueComment[] }> {
  const repo = { owner: target.pull.owner, repo: target.pull.repo };
  switch (write.kind) {
    case "review-requests":
      return { problems: await requestReviews(octokit, target.pull, write) };
    case "sticky": {
      const written = await upsertSticky(octokit, {
        repo,
        issueNumber: target.pull.pull_number,
        topic: write.topic,
        body: write.body,
        botLogin: await target.botLogin(),
        ...(target.comments ? { comments: target.comments } : {}),
        ...(write.keepExisting ? { keepExisting: true } : {}),
      });
      return { problems: [], comments: written.comments };
    }
    case "description":
      return { problems: await writeDescription(octokit, target.pull, write.state, write.text) };
    case "eval-results":
      return {
        problems: [],
        comments: await writeEvalComment(
          octokit,
          { pull: target.pull, botLogin: target.botLogin, ...(target.comments ? { comments: target.comments } : {}) },
          { results: write.results },
        ),
      };
    case "label":
      await octokit.rest.issues.addLabels({ ...repo, issue_number: target.pull.pull_number, labels: [write.name] });
      return { problems: [] };
    case "check-run":
      throw new Error("a head commit's check run is written in turn with the head's other writes (writeHeadCheck)");
  }
}

/**
 * One PATCH of the description. GitHub has no conditional update: it is read again right before
 * writing, and if someone (a person, or another app) edited it meanwhile, the checklist is rendered
 * onto their text instead.
 */
async function writeDescription(
  octokit: Octokit,
  pull: PullRef,
  state: ChecklistState,
  text: string | undefined,
): Promise<Problem[]> {
  const { data: live } = await octokit.rest.pulls.get(pull);
  const liveText = live.body ?? "";
  const body = liveText === state.text ? text : fittedChecklistText(checklistOnto(state, liveText));
  if (body === liveText) return [];
  if (body === undefined) return [tooLong("pull request description", state)];
  await octokit.rest.pulls.update({ ...pull, body });
  return [];
}
