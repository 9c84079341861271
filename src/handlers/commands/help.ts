import { renderHelp } from "../../core/render/command-replies.js";
import type { CommandName } from "../../core/commands/parse.js";
import { loadConfigFor, mayRecheck, waivableBy } from "./permissions.js";
import type { CommandContext, CommandOutcome } from "./context.js";

/** `/help`: the commands, and which of them the config lets this user run. */
export async function help(_command: unknown, ctx: CommandContext): Promise<CommandOutcome> {
  const config = await loadConfigFor(ctx);
  const waivable = config ? await waivableBy(ctx, config) : [];
  const allowed: CommandName[] = ["help", "owners"];
  if (await mayRecheck(ctx)) allowed.push("recheck");
  if (config && config.checklists.where !== "off" && allowed.includes("recheck")) allowed.push("checklist");
  if (waivable.length > 0) allowed.push("waive", "unwaive");
  return { ok: true, reply: renderHelp({ allowed, waivable }) };
}
