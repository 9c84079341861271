import { forgetTeams } from "../../github/team-members.js";
import { reconcileGate } from "../../github/gate.js";
import { gatherOrReply, isReply, type CommandContext, type CommandOutcome } from "./context.js";
import { commenterMayRecheck } from "./permissions.js";

/** `/recheck`: forget cached team membership for this installation, then run the gate now. */
export async function recheck(_command: unknown, ctx: CommandContext): Promise<CommandOutcome> {
  if (!(await commenterMayRecheck(ctx))) {
    return {
      ok: false,
      reply: "only the pull request's author and people with triage access or more can use `/recheck`.",
    };
  }
  forgetTeams(ctx.deps.caches.teams, ctx.installationId);
  const snapshot = await gatherOrReply(ctx);
  if (isReply(snapshot)) return snapshot;
  await reconcileGate(ctx.octokit, snapshot, ctx.now());
  return { ok: true };
}
