import type { GateDecision } from "../gate/decide.js";
import type { Policy } from "../policy.js";
import { COMMAND_HELP } from "../commands/validate.js";
import type { CommandName } from "../commands/parse.js";
import { assetTable, requirementTable } from "./check-summary.js";
import { BUDGETS, byteLength, fitSections } from "./budget.js";
import { code, escapeText, list } from "./markdown.js";

/**
 * `/owners`: who owns each changed AI file and by which rule, who can approve, what is missing.
 * Within the comment's budget: what is missing first, then the roles, then the files.
 */
export function renderOwnersComment(decision: GateDecision, policy: Policy, budget: number = BUDGETS.comment): string {
  if (decision.requirements.length === 0) {
    return "### Squadgate owners\n\nThis pull request changes no AI asset and no owned Squadgate policy file, so no role needs to approve it.";
  }
  const missing = decision.requirements.filter((r) => !r.satisfied);
  const status = missing.length
    ? `Still missing: ${list(
        missing.map((r) => `${code(r.id)} (${r.approvedBy.length}/${r.approvalsNeeded})`),
        20,
      )}.`
    : "Every required role has approved.";
  const intro = [
    "### Squadgate owners",
    "",
    `Ownership from ${code(policy.ownershipFile)} on the base branch. ${status}`,
  ].join("\n");
  return fitSections(
    [
      () => intro,
      (room) => requirementTable(decision.requirements, room),
      ...(decision.assets.length ? [(room: number) => assetTable(decision, policy, room)] : []),
    ],
    budget - byteLength("\n"),
  );
}

export interface HelpFacts {
  /** Commands this user may run here, and the waiver targets they may waive. */
  allowed: CommandName[];
  waivable: string[];
}

/** `/help`: the commands, and which of them this user may use with this repository's config. */
export function renderHelp(facts: HelpFacts): string {
  const rows = (Object.keys(COMMAND_HELP) as CommandName[]).map((name) => {
    const { usage, summary } = COMMAND_HELP[name];
    const you = facts.allowed.includes(name) ? "✅" : "—";
    return `| ${code(usage)} | ${escapeText(summary)} | ${you} |`;
  });
  const waivable = facts.waivable.length
    ? `You may waive: ${facts.waivable.map((t) => code(t)).join(", ")}.`
    : "You may not waive anything here (see `waivers.allow` in `.github/squadgate.yml`).";
  return [
    "Squadgate understands these commands, one per line at the start of a comment:",
    "",
    "| Command | What it does | You |",
    "|---|---|---|",
    ...rows,
    "",
    waivable,
  ].join("\n");
}
