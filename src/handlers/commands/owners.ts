import { renderOwnersComment } from "../../core/render/command-replies.js";
import { decideSnapshot } from "../../github/gate.js";
import { upsertSticky } from "../../github/sticky-comment.js";
import { gatherFor, NOT_ENABLED, NOT_GATED, type CommandContext, type CommandOutcome } from "./context.js";

/** `/owners`: one sticky comment, updated in place, with who owns what and what is missing. */
export async function owners(_command: unknown, ctx: CommandContext): Promise<CommandOutcome> {
  const gathered = await gatherFor(ctx);
  if (gathered.status === "not-enabled") return { ok: false, reply: NOT_ENABLED };
  if (gathered.status === "skipped") return { ok: false, reply: NOT_GATED(gathered.reason) };
  const { snapshot } = gathered;
  if (!snapshot.policy)
    return { ok: false, reply: "The Squadgate config on the base branch has errors; the Squadgate check lists them." };
  const decision = decideSnapshot(snapshot, ctx.now());
  await upsertSticky(ctx.octokit, {
    repo: ctx.repo,
    issueNumber: ctx.pull.pull_number,
    topic: "owners",
    body: renderOwnersComment(decision, snapshot.policy),
    botLogin: await ctx.deps.botLogin(),
    ...(snapshot.comments ? { comments: snapshot.comments } : {}),
  });
  return { ok: true };
}
