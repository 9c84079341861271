import { reconcileGate } from "../../github/gate.js";
import { gatherFor, NOT_ENABLED, NOT_GATED, type CommandContext, type CommandOutcome } from "./context.js";
import { mayRecheck } from "./permissions.js";

/** `/checklist`: put the checklist back (someone deleted it), keeping what is still ticked. */
export async function checklist(_command: unknown, ctx: CommandContext): Promise<CommandOutcome> {
  if (!(await mayRecheck(ctx))) {
    return {
      ok: false,
      reply: "only the pull request's author and people with triage access or more can use `/checklist`.",
    };
  }
  const gathered = await gatherFor(ctx);
  if (gathered.status === "not-enabled") return { ok: false, reply: NOT_ENABLED };
  if (gathered.status === "skipped") return { ok: false, reply: NOT_GATED(gathered.reason) };
  const { snapshot } = gathered;
  if (!snapshot.policy) return { ok: false, reply: "fix the Squadgate config errors listed in the check first." };
  if (!snapshot.checklist)
    return { ok: false, reply: "checklists are switched off in `.github/squadgate.yml` (`checklists.where: off`)." };
  if (snapshot.checklist.templates.length === 0)
    return {
      ok: true,
      reply: "no checklist applies: this pull request changes no AI asset with a checklist template.",
    };
  await reconcileGate(ctx.octokit, snapshot, ctx.now());
  return { ok: true };
}
