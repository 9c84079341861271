import { reconcileGate } from "../../github/gate.js";
import { gatherFor, NOT_ENABLED, NOT_GATED, type CommandContext, type CommandOutcome } from "./context.js";
import { mayRecheck } from "./permissions.js";

/** `/recheck`: forget cached team membership for this installation, then run the gate now. */
export async function recheck(_command: unknown, ctx: CommandContext): Promise<CommandOutcome> {
  if (!(await mayRecheck(ctx))) {
    return {
      ok: false,
      reply: "only the pull request's author and people with triage access or more can use `/recheck`.",
    };
  }
  ctx.deps.caches.teams.deleteWhere((key) => key.startsWith(`${ctx.installationId}:`));
  const gathered = await gatherFor(ctx);
  if (gathered.status === "not-enabled") return { ok: false, reply: NOT_ENABLED };
  if (gathered.status === "skipped") return { ok: false, reply: NOT_GATED(gathered.reason) };
  await reconcileGate(ctx.octokit, gathered.snapshot, ctx.now());
  return { ok: true };
}
