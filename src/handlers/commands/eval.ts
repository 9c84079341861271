import {
  dispatchedComment,
  dispatchRefusal,
  EVALS_FOR_WRITERS,
  EVALS_NOT_CONFIGURED,
  evalRefusal,
} from "../../core/commands/eval.js";
import { mayRunEvals } from "../../core/commands/permissions.js";
import { headMovedReply } from "../../core/commands/replies.js";
import { dispatchTitle } from "../../core/evals/runs.js";
import { findCheckRun } from "../../github/check-run.js";
import { readEvalComment, writeEvalComment } from "../../github/evals/eval-comment.js";
import { readHeadState } from "../../core/state/head-text.js";
import { branchRef, statusOf } from "../../github/repo-reader.js";
import type { CommandContext, CommandOutcome } from "./context.js";
import { commenterRole, loadConfigFor } from "./permissions.js";

/**
 * `/eval [suite ...]`: dispatch the eval workflow from the base branch (so a pull request cannot
 * change it) on the head commit as it is now (so a later push cannot swap what is evaluated).
 * Only writers may run it, at most one run per commit at a time, and not more often than the cooldown.
 */
export async function evalCommand(command: { suites: string[] }, ctx: CommandContext): Promise<CommandOutcome> {
  const config = await loadConfigFor(ctx);
  const workflow = config?.evals?.workflow;
  if (!config?.evals || !workflow) return { ok: false, reply: EVALS_NOT_CONFIGURED };
  if (!mayRunEvals(await commenterRole(ctx))) return { ok: false, reply: EVALS_FOR_WRITERS };
  const pr = await ctx.pullRequest();
  const headSha = pr.head.sha;
  const check = await findCheckRun(ctx.octokit, ctx.repo, headSha, await ctx.deps.appId());
  const seen = { pull: ctx.pull.pull_number, commentedAt: ctx.comment.createdAt, headSha };
  const moved = headMovedReply(readHeadState(check?.text), seen);
  if (moved) return { ok: false, reply: moved };
  const target = { pull: ctx.pull, botLogin: ctx.deps.botLogin };
  const { data, comments } = await readEvalComment(ctx.octokit, target);
  const refusal = evalRefusal({ evals: config.evals, headSha, data, now: ctx.now() });
  if (refusal) return { ok: false, reply: refusal };
  try {
    await ctx.octokit.rest.actions.createWorkflowDispatch({
      ...ctx.repo,
      workflow_id: workflow,
      ref: branchRef(pr.base.ref),
      inputs: {
        sha: headSha,
        pr: String(pr.number),
        suites: command.suites.join(" "),
        title: dispatchTitle(pr.number, headSha, command.suites),
      },
    });
  } catch (error) {
    const reply = dispatchRefusal(statusOf(error), workflow, pr.base.ref);
    if (reply) return { ok: false, reply };
    throw error;
  }
  const update = dispatchedComment({ headSha, by: ctx.commenter, suites: command.suites, now: ctx.now() });
  await writeEvalComment(ctx.octokit, { ...target, comments }, update);
  return { ok: true };
}
