import type { CommandName } from "../../core/commands/parse.js";
import type { ValidCommand } from "../../core/commands/validate.js";
import type { CommandContext, CommandOutcome } from "./context.js";
import { help } from "./help.js";
import { owners } from "./owners.js";
import { recheck } from "./recheck.js";
import { checklist } from "./checklist.js";
import { evalCommand } from "./eval.js";
import { unwaive, waive } from "./waive.js";

export type { CommandContext, CommandOutcome } from "./context.js";

type Handler<N extends CommandName> = (
  command: Extract<ValidCommand, { name: N }>,
  ctx: CommandContext,
) => Promise<CommandOutcome>;

/** Every command, one handler each; features register theirs here. */
export const COMMANDS: { [N in CommandName]: Handler<N> } = {
  help,
  owners,
  recheck,
  waive,
  unwaive,
  eval: evalCommand,
  checklist,
};
