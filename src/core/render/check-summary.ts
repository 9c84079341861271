import { formatProblem } from "../../config/problems.js";
import type { Policy } from "../policy.js";
import type { GateDecision, RequirementStatus } from "../gate/decide.js";
import type { WaiverStatus } from "../waivers.js";
import { code, escapeText, list, truncate } from "./markdown.js";

export interface CheckOutput {
  title: string;
  summary: string;
  /** Machine-readable state carried from one evaluation of this commit to the next. */
  text?: string;
}

const MAX_FILES_PER_ROLE = 5;
const MAX_ASSET_ROWS = 200;

/**
 * What the Squadgate check run says: a table per role first, details folded below. It describes the
 * pull request's state only, never what this run did, so re-running on the same state renders the
 * same text and the check is not rewritten.
 */
export function renderCheckOutput(decision: GateDecision, policy: Policy | null): CheckOutput {
  const parts: string[] = [];
  if (decision.mode === "report") {
    parts.push("> Report mode: Squadgate shows what it would require but does not block merging or request reviews.");
  }
  if (decision.requirements.length > 0) parts.push(requirementTable(decision.requirements));
  const notes = decision.requirements.flatMap(requirementNotes);
  if (notes.length > 0) parts.push(notes.join("\n"));
  if (decision.checklist) {
    const lines = checklistLines(decision.checklist);
    if (lines.length > 0) parts.push(["### Checklist", ...lines].join("\n"));
  }
  if (decision.evals) parts.push(["### Evals", ...evalLines(decision.evals)].join("\n"));
  const waivers = waiverLines(decision.waivers);
  if (waivers.length > 0) parts.push(["### Waivers", ...waivers].join("\n"));
  if (decision.problems.length > 0) parts.push(problemList(decision));
  if (decision.assets.length > 0) parts.push(assetDetails(decision, policy));
  if (parts.length === 0) parts.push("This pull request changes no file that Squadgate treats as an AI asset.");
  return { title: decision.title, summary: truncate(parts.join("\n\n")) };
}

export function requirementTable(requirements: readonly RequirementStatus[]): string {
  const rows = requirements.map((r) => {
    const state = r.waiver ? "🟡" : r.satisfied ? "✅" : r.changesRequestedBy.length > 0 ? "⛔" : "⏳";
    const name = r.role ? `${code(r.id)}${r.description ? ` ${escapeText(r.description)}` : ""}` : code(r.id);
    const approved = r.approvedBy.length ? r.approvedBy.map((u) => `@${u}`).join(", ") : "—";
    const pending = r.satisfied ? "—" : escapeText(list(stillCanApprove(r), 8)) || "nobody (see below)";
    const files = `${r.files.length} file${r.files.length === 1 ? "" : "s"}: ${list(r.files.map(code), MAX_FILES_PER_ROLE)}`;
    return `| ${state} | ${name} | ${r.approvedBy.length}/${r.approvalsNeeded} | ${approved} | ${pending} | ${files} |`;
  });
  return ["| | Role | Approvals | Approved by | Can still approve | Required because |", "|---|---|---|---|---|---|", ...rows].join("\n");
}

/** Members (as handles) who have not approved yet. */
function stillCanApprove(r: RequirementStatus): string[] {
  const approved = new Set(r.approvedBy.map((login) => `@${login}`.toLowerCase()));
  return r.canApprove.filter((handle) => !approved.has(handle.toLowerCase()));
}

function requirementNotes(r: RequirementStatus): string[] {
  const notes: string[] = [];
  for (const login of r.changesRequestedBy) notes.push(`- ⛔ @${login} requested changes for ${code(r.id)}; their approval or a dismissal lifts it.`);
  for (const stale of r.stale) notes.push(`- ♻️ @${stale.login}'s approval for ${code(r.id)} no longer counts: ${escapeText(stale.reason)}.`);
  if (!r.satisfied && r.canApprove.length === 0) notes.push(`- ⚠️ Only the author is a member of ${code(r.id)}; someone else must be added to the role.`);
  return notes;
}

function evalLines(evals: NonNullable<GateDecision["evals"]>): string[] {
  const { state } = evals;
  const run = state?.runUrl ? ` ([run](${state.runUrl}))` : "";
  const waived = evals.waived && evals.reason ? " — 🟡 waived" : "";
  if (!state) return [evals.blocking ? "- ⏳ No eval results for this commit yet; they are required." : "- No eval results for this commit."];
  const head = {
    pass: `- ✅ No gating metric regressed${run}.`,
    regressed: `- ❌ Gating metrics regressed${run}${waived}:`,
    incomplete: `- ❌ The evals could not be judged${run}${waived}:`,
    running: `- ⏳ An eval of this commit is running${run}.`,
  }[state.status];
  return [head, ...state.notes.map((note) => `  - ${escapeText(note)}`), "- The eval comment on the pull request has the full diff."];
}

/** Required items still open, and role items ticked by someone who may not tick them. */
function checklistLines(checklist: NonNullable<GateDecision["checklist"]>): string[] {
  const lines: string[] = [];
  if (checklist.waived && checklist.missing.length > 0) lines.push(`- 🟡 The checklist is waived; ${checklist.missing.length} required item(s) left open.`);
  for (const item of checklist.items) {
    const where = `${escapeText(item.title)}: ${escapeText(item.text)}`;
    if (item.checked && !item.counts && item.role) {
      const by = item.tickedBy ? `ticked by @${item.tickedBy}, who is not a member of` : "ticked, but not by a member of";
      const who = item.tickers?.length ? ` (${escapeText(item.tickers.join(", "))})` : "";
      lines.push(`- ${item.required ? "⏳" : "⚠️"} ${where} — ${by} ${code(`@${item.role}`)}; a member of ${code(`@${item.role}`)}${who} must tick it.`);
    } else if (item.required && !item.checked && !checklist.waived) {
      lines.push(`- ⏳ ${where} — required${item.role ? `, to be ticked by a member of ${code(`@${item.role}`)}` : ""}.`);
    }
  }
  return lines;
}

/** Active waivers first, with who gave them and why; then those that ended, and why they ended. */
function waiverLines(statuses: readonly WaiverStatus[]): string[] {
  const shown = statuses.filter((s) => s.state !== "superseded");
  const target = (t: string) => code(t === "evals" || t === "checklist" ? t : `@${t}`);
  const active = shown
    .filter((s) => s.state === "active")
    .map(({ waiver: w }) => `- 🟡 ${target(w.target)} waived by @${w.by} at ${w.at}: ${escapeText(w.reason)} (ends ${w.coversAll ? "with any new commit" : "when a file it covers changes"}${w.expiresAt ? ` or at ${w.expiresAt}` : ""})`);
  const ended = shown
    .filter((s) => s.state !== "active")
    .map(({ waiver: w, reason }) => `- ${target(w.target)} waiver by @${w.by} no longer applies: ${escapeText(reason ?? "")}`);
  return [...active, ...ended];
}

function problemList(decision: GateDecision): string {
  const lines = decision.problems.map((p) => `- ${p.severity === "error" ? "❌" : "⚠️"} ${code(formatProblem(p))}`);
  return ["### Problems", ...lines].join("\n");
}

function assetDetails(decision: GateDecision, policy: Policy | null): string {
  return [
    `<details><summary>${decision.assets.length} AI asset file${decision.assets.length === 1 ? "" : "s"} changed</summary>`,
    "",
    assetTable(decision, policy),
    "</details>",
  ].join("\n");
}

/** Each changed AI file with its kinds and the ownership rule (and line) that decides its owners. */
export function assetTable(decision: GateDecision, policy: Policy | null): string {
  const rows = decision.assets.slice(0, MAX_ASSET_ROWS).map((asset) => {
    const rule = policy?.ruleFor(asset.path);
    const owners = rule ? `${rule.owners.length ? escapeText(rule.owners.join(" ")) : "none"} (line ${rule.line}: ${code(rule.pattern)})` : "none";
    return `| ${code(asset.path)} | ${asset.kinds.join(", ")} | ${owners} |`;
  });
  const more = decision.assets.length > MAX_ASSET_ROWS ? `\n\n${decision.assets.length - MAX_ASSET_ROWS} more not shown.` : "";
  return ["| File | Kind | Owners (rule) |", "|---|---|---|", ...rows, more].join("\n");
}

/**
 * Said in the check when the branch's rules can be read and do not make merging wait for this
 * check, or let any app or workflow report it: then the gate holds nothing, or can be faked.
 */
export function requiredCheckNote(status: { required: boolean; pinned: boolean }, branch: string): string | undefined {
  if (!status.required) {
    return `> ⚠️ **Squadgate** is not a required check on ${code(branch)}, so merging does not wait for it. Require it in the branch's protection or a ruleset, pinned to the Squadgate app.`;
  }
  if (!status.pinned) {
    return `> ⚠️ The required check **Squadgate** on ${code(branch)} is not pinned to the Squadgate app, so any app or workflow allowed to write checks could report it. Pin it to the Squadgate app in the branch's protection or ruleset.`;
  }
  return undefined;
}
