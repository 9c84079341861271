import { composeEvalComment, splitEvalComment, type EvalCommentData } from "../../core/render/eval-comment.js";
import { findSticky } from "../../core/render/sticky.js";
import { listComments, upsertSticky, type IssueComment } from "../sticky-comment.js";
import type { Octokit, PullRef } from "../types.js";

export interface EvalCommentTarget {
  pull: PullRef;
  botLogin: () => Promise<string>;
  comments?: IssueComment[];
}

/** The eval comment as it stands: its results part and the data it remembers. */
export async function readEvalComment(octokit: Octokit, target: EvalCommentTarget) {
  const comments =
    target.comments ??
    (await listComments(octokit, { owner: target.pull.owner, repo: target.pull.repo }, target.pull.pull_number));
  const existing = findSticky(comments, "eval", await target.botLogin());
  return { comments, ...splitEvalComment(existing?.body ?? undefined) };
}

/**
 * Rewrites the one eval comment: `banner` (or none, or with `keepBanner` the one already there),
 * `results` (or the ones already there) and `data` (or the data already there). Unchanged text is
 * not written again. Returns the PR's comments as they now stand.
 */
export async function writeEvalComment(
  octokit: Octokit,
  target: EvalCommentTarget,
  update: {
    banner?: string;
    keepBanner?: boolean;
    results?: string;
    data?: (data: EvalCommentData) => EvalCommentData;
  },
): Promise<IssueComment[]> {
  const current = await readEvalComment(octokit, target);
  const data = update.data ? update.data(current.data) : current.data;
  const results = update.results ?? current.results;
  const banner = update.banner ?? (update.keepBanner ? current.banner : undefined);
  const written = await upsertSticky(octokit, {
    repo: { owner: target.pull.owner, repo: target.pull.repo },
    issueNumber: target.pull.pull_number,
    topic: "eval",
    body: composeEvalComment({ ...(banner ? { banner } : {}), ...(results ? { results } : {}), data }),
    botLogin: await target.botLogin(),
    comments: current.comments,
  });
  return written.comments;
}
