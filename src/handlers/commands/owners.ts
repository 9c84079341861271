import { renderOwnersComment } from "../../core/render/command-replies.js";
import { applyWrites } from "../../github/apply-writes.js";
import { decideSnapshot } from "../../github/gate.js";
import { gatherOrReply, isReply, type CommandContext, type CommandOutcome } from "./context.js";

/** `/owners`: one sticky comment, updated in place, with who owns what and what is missing. */
export async function owners(_command: unknown, ctx: CommandContext): Promise<CommandOutcome> {
  const snapshot = await gatherOrReply(ctx);
  if (isReply(snapshot)) return snapshot;
  if (!snapshot.policy)
    return { ok: false, reply: "The Squadgate config on the base branch has errors; the Squadgate check lists them." };
  const body = renderOwnersComment(decideSnapshot(snapshot, ctx.now()), snapshot.policy);
  const target = {
    pull: ctx.pull,
    botLogin: ctx.deps.botLogin,
    ...(snapshot.comments ? { comments: snapshot.comments } : {}),
  };
  await applyWrites(ctx.octokit, target, [{ kind: "sticky", topic: "owners", body }]);
  return { ok: true };
}
