import { code, handle } from "../../core/render/markdown.js";
import { runningBanner } from "../../core/render/eval-comment.js";
import { dispatchTitle } from "../../core/evals/runs.js";
import { readEvalComment, writeEvalComment } from "../../github/evals/eval-comment.js";
import { atLeast } from "../../github/permissions.js";
import { branchRef, statusOf } from "../../github/repo-reader.js";
import { findCheckRun } from "../../github/check-run.js";
import { readHeadState } from "../../github/evals/gate-evals.js";
import { headMovedReply, type CommandContext, type CommandOutcome } from "./context.js";
import { commenterRole, loadConfigFor } from "./permissions.js";

/** A dispatch not heard back from after this long no longer blocks another `/eval` of the same commit. */
const RUN_TIMEOUT_MS = 2 * 60 * 60_000;

/**
 * `/eval [suite ...]`: dispatch the eval workflow from the base branch (so a pull request cannot
 * change it) on the head commit as it is now (so a later push cannot swap what is evaluated).
 * Only writers may run it, at most one run per commit at a time, and not more often than the cooldown.
 */
export async function evalCommand(command: { suites: string[] }, ctx: CommandContext): Promise<CommandOutcome> {
  const config = await loadConfigFor(ctx);
  const workflow = config?.evals?.workflow;
  if (!config?.evals || !workflow) {
    return {
      ok: false,
      reply:
        "evals are not configured: set `evals.workflow` in `.github/squadgate.yml` to the workflow that runs them.",
    };
  }
  if (!atLeast(await commenterRole(ctx), "write")) {
    return {
      ok: false,
      reply:
        "thanks for asking! Only people with write access can run evals, since they spend the team's model budget. A maintainer can run `/eval` for you.",
    };
  }
  const pr = await ctx.pullRequest();
  const sha = pr.head.sha;
  const check = await findCheckRun(ctx.octokit, ctx.repo, sha, await ctx.deps.appId());
  const moved = headMovedReply(readHeadState(check), ctx, sha);
  if (moved) return { ok: false, reply: moved };
  const target = { pull: ctx.pull, botLogin: ctx.deps.botLogin };
  const { data, comments } = await readEvalComment(ctx.octokit, target);
  const now = ctx.now().getTime();
  const pending = data.dispatches.find((d) => d.sha === sha && !d.done && now - Date.parse(d.at) < RUN_TIMEOUT_MS);
  if (pending)
    return {
      ok: false,
      reply: `an eval of ${code(sha.slice(0, 7))} is already running (asked by ${handle(pending.by)}); its results will appear in the eval comment.`,
    };
  const last = data.dispatches.at(-1);
  const cooldownMs = config.evals.cooldown_minutes * 60_000;
  if (last && now - Date.parse(last.at) < cooldownMs) {
    const wait = Math.ceil((cooldownMs - (now - Date.parse(last.at))) / 60_000);
    return {
      ok: false,
      reply: `evals on this pull request are limited to one every ${config.evals.cooldown_minutes} minutes; try again in ${wait} minute${wait === 1 ? "" : "s"}.`,
    };
  }

  try {
    await ctx.octokit.rest.actions.createWorkflowDispatch({
      ...ctx.repo,
      workflow_id: workflow,
      ref: branchRef(pr.base.ref),
      inputs: {
        sha,
        pr: String(pr.number),
        suites: command.suites.join(" "),
        title: dispatchTitle(pr.number, sha, command.suites),
      },
    });
  } catch (error) {
    const status = statusOf(error);
    if (status === 404)
      return {
        ok: false,
        reply: `${code(workflow)} does not exist on ${code(pr.base.ref)}, so there is nothing to run.`,
      };
    if (status === 422) {
      return {
        ok: false,
        reply: `GitHub refused to start ${code(workflow)}: it needs an \`on: workflow_dispatch\` trigger with the inputs \`sha\`, \`pr\`, \`suites\` and \`title\` (see examples/squadgate-eval.yml).`,
      };
    }
    throw error;
  }
  await writeEvalComment(
    ctx.octokit,
    { ...target, comments },
    {
      banner: `${runningBanner(sha)} Asked for by @${ctx.commenter}${command.suites.length ? ` (suites: ${command.suites.map((s) => code(s)).join(", ")})` : ""}.`,
      data: (d) => ({
        ...d,
        dispatches: [...d.dispatches, { sha, at: ctx.now().toISOString(), by: ctx.commenter, done: false }].slice(-20),
      }),
    },
  );
  return { ok: true };
}
