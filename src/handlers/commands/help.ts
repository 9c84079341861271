import { allowedCommands } from "../../core/commands/permissions.js";
import { renderHelp } from "../../core/render/command-replies.js";
import type { CommandContext, CommandOutcome } from "./context.js";
import { commenterMayRecheck, loadConfigFor, waivableBy } from "./permissions.js";

/** `/help`: the commands, and which of them the config lets this user run. */
export async function help(_command: unknown, ctx: CommandContext): Promise<CommandOutcome> {
  const config = await loadConfigFor(ctx);
  const waivable = config ? await waivableBy(ctx, config) : [];
  const allowed = allowedCommands({
    checklistsOn: config !== null && config.checklists.where !== "off",
    mayRecheck: await commenterMayRecheck(ctx),
    waivable,
  });
  return { ok: true, reply: renderHelp({ allowed, waivable }) };
}
