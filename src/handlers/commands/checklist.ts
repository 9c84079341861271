import { checklistCommandReply } from "../../core/commands/replies.js";
import { reconcileGate } from "../../github/gate.js";
import { gatherOrReply, isReply, type CommandContext, type CommandOutcome } from "./context.js";
import { commenterMayRecheck } from "./permissions.js";

/** `/checklist`: put the checklist back (someone deleted it), keeping what is still ticked. */
export async function checklist(_command: unknown, ctx: CommandContext): Promise<CommandOutcome> {
  if (!(await commenterMayRecheck(ctx))) {
    return {
      ok: false,
      reply: "only the pull request's author and people with triage access or more can use `/checklist`.",
    };
  }
  const snapshot = await gatherOrReply(ctx);
  if (isReply(snapshot)) return snapshot;
  const reply = checklistCommandReply(snapshot);
  if (reply) return reply;
  await reconcileGate(ctx.octokit, snapshot, ctx.now());
  return { ok: true };
}
