import { targetHandle } from "../../config/names.js";
import { formatProblem } from "../../config/problems.js";
import type { Policy } from "../policy.js";
import type { GateDecision, RequirementStatus } from "../gate/decide.js";
import type { WaiverStatus } from "../waivers.js";
import { BUDGETS, fitLines, fitSections, fitTable } from "./budget.js";
import { clip, code, escapeText, handle, link, list } from "./markdown.js";
import { aiPolicySections } from "./ai-sections.js";
import { dataPolicyAnnotations, licenceSection, sensitiveSection, type Annotation } from "./data-policies.js";

export interface CheckOutput {
  title: string;
  summary: string;
  /** Machine-readable state carried from one evaluation of this commit to the next. */
  text?: string;
  /** Findings on files' lines (GitHub takes 50 per request: the writer sends them in batches). */
  annotations?: Annotation[];
}

const MAX_FILES_PER_ROLE = 5;
const MAX_ASSET_ROWS = 200;

/**
 * What the Squadgate check run says: a table per role first, details folded below. It describes the
 * pull request's state only, never what this run did, so re-running on the same state renders the
 * same text and the check is not rewritten.
 */
export function renderCheckOutput(
  decision: GateDecision,
  policy: Policy | null,
  budget: number = BUDGETS.checkSummary,
): CheckOutput {
  const sections: ((budget: number) => string)[] = [];
  if (decision.mode === "report") {
    sections.push(
      () => "> Report mode: Squadgate shows what it would require but does not block merging or request reviews.",
    );
  }
  if (decision.requirements.length > 0) sections.push((budget) => requirementTable(decision.requirements, budget));
  const notes = decision.requirements.flatMap(requirementNotes);
  if (notes.length > 0) sections.push((budget) => fitLines(notes, budget, (n) => `- … and ${n} more notes`));
  sections.push(...aiPolicySections(decision));
  const checklist = decision.checklist ? checklistLines(decision.checklist) : [];
  if (checklist.length > 0)
    sections.push((budget) => titled("### Checklist", checklist, budget, (n) => `- … and ${n} more checklist items`));
  const { licences, sensitive } = decision.dataPolicies ?? {};
  if (licences && licences.rows.length > 0) sections.push((budget) => licenceSection(licences, budget));
  if (sensitive && sensitive.scanned.files + sensitive.unscanned.length > 0)
    sections.push((budget) => sensitiveSection(sensitive, budget));
  if (decision.evals) {
    const evals = decision.evals;
    sections.push((budget) =>
      titled("### Evals", evalLines(evals), budget, (n) => `- … and ${n} more; the eval comment has them all`),
    );
  }
  const waivers = waiverLines(decision.waivers);
  if (waivers.length > 0)
    sections.push((budget) =>
      titled("### Waivers", waivers, budget, (n) => `- … and ${n} more; the waiver record comment has them all`),
    );
  if (decision.problems.length > 0) sections.push((budget) => problemList(decision, budget));
  if (decision.assets.length > 0) sections.push((budget) => assetDetails(decision, policy, budget));
  const summary = fitSections(sections, budget);
  const annotations = dataPolicyAnnotations(decision.dataPolicies);
  return {
    title: clip(decision.title, TITLE_LENGTH),
    summary: summary || "This pull request changes no file that Squadgate treats as an AI asset.",
    ...(annotations.length > 0 ? { annotations } : {}),
  };
}

/** GitHub does not document a limit for a check's title; a long list of roles is cut well short of any. */
const TITLE_LENGTH = 1000;

/** A heading and as many of its lines as fit. */
function titled(heading: string, lines: readonly string[], budget: number, more: (hidden: number) => string): string {
  const body = fitLines(lines, budget - heading.length - 1, more);
  return body ? `${heading}\n${body}` : "";
}

export function requirementTable(
  requirements: readonly RequirementStatus[],
  budget: number = BUDGETS.checkSummary,
): string {
  const rows = requirements.map((r) => {
    const state = r.waiver ? "🟡" : r.satisfied ? "✅" : r.changesRequestedBy.length > 0 ? "⛔" : "⏳";
    const name = r.role
      ? `${code(r.id)}${r.description ? ` ${escapeText(clip(r.description, 200))}` : ""}`
      : code(r.id);
    const approved = r.approvedBy.length ? r.approvedBy.map(handle).join(", ") : "—";
    const pending = r.satisfied ? "—" : list(stillCanApprove(r).map(handle), 8) || "nobody (see below)";
    const files = `${r.files.length} file${r.files.length === 1 ? "" : "s"}: ${list(r.files.map(pathCode), MAX_FILES_PER_ROLE)}`;
    return `| ${state} | ${name} | ${r.approvedBy.length}/${r.approvalsNeeded} | ${approved} | ${pending} | ${files} |`;
  });
  const header = [
    "| | Role | Approvals | Approved by | Can still approve | Required because |",
    "|---|---|---|---|---|---|",
  ];
  return fitTable(header, rows, budget, (n) => `… and ${n} more required roles not shown.`);
}

/** Paths in tables: shown whole up to a length no real path reaches, cut in the middle past it. */
const pathCode = (path: string) => code(clip(path, MAX_PATH_SHOWN));
const MAX_PATH_SHOWN = 300;

/** Members (as handles) who have not approved yet. */
function stillCanApprove(r: RequirementStatus): string[] {
  const approved = new Set(r.approvedBy.map((login) => `@${login}`.toLowerCase()));
  return r.canApprove.filter((member) => !approved.has(member.toLowerCase()));
}

function requirementNotes(r: RequirementStatus): string[] {
  const notes: string[] = [];
  for (const login of r.changesRequestedBy)
    notes.push(`- ⛔ ${handle(login)} requested changes for ${code(r.id)}; their approval or a dismissal lifts it.`);
  for (const stale of r.stale)
    notes.push(
      `- ♻️ ${handle(stale.login)}'s approval for ${code(r.id)} no longer counts: ${escapeText(stale.reason)}.`,
    );
  if (!r.satisfied && r.canApprove.length === 0)
    notes.push(`- ⚠️ Only the author is a member of ${code(r.id)}; someone else must be added to the role.`);
  return notes;
}

function evalLines(evals: NonNullable<GateDecision["evals"]>): string[] {
  const { state } = evals;
  const run = state?.runUrl ? ` (${link("run", state.runUrl)})` : "";
  const waived = evals.waived && evals.reason ? " — 🟡 waived" : "";
  if (!state)
    return [
      evals.blocking
        ? "- ⏳ No eval results for this commit yet; they are required."
        : "- No eval results for this commit.",
    ];
  const head = {
    pass: `- ✅ No gating metric regressed${run}.`,
    regressed: `- ❌ Gating metrics regressed${run}${waived}:`,
    incomplete: `- ❌ The evals could not be judged${run}${waived}:`,
    running: `- ⏳ An eval of this commit is running${run}.`,
  }[state.status];
  const warnings = (state.warnings ?? []).map((warning) => `- ⚠️ ${escapeText(warning)}`);
  return [
    head,
    ...state.notes.map((note) => `  - ${escapeText(note)}`),
    ...warnings,
    "- The eval comment on the pull request has the full diff.",
  ];
}

/** Required items still open, and role items ticked by someone who may not tick them. */
function checklistLines(checklist: NonNullable<GateDecision["checklist"]>): string[] {
  const lines: string[] = [];
  if (checklist.waived && checklist.missing.length > 0)
    lines.push(`- 🟡 The checklist is waived; ${checklist.missing.length} required item(s) left open.`);
  for (const item of checklist.items) {
    const where = `${escapeText(item.title)}: ${escapeText(item.text)}`;
    if (item.checked && !item.counts && item.role) {
      const by = item.tickedBy
        ? `ticked by ${handle(item.tickedBy)}, who is not a member of`
        : "ticked, but not by a member of";
      const who = item.tickers?.length ? ` (${list(item.tickers.map(handle), 8)})` : "";
      lines.push(
        `- ${item.required ? "⏳" : "⚠️"} ${where} — ${by} ${code(`@${item.role}`)}; a member of ${code(`@${item.role}`)}${who} must tick it.`,
      );
    } else if (item.required && !item.checked && !checklist.waived) {
      lines.push(
        `- ⏳ ${where} — required${item.role ? `, to be ticked by a member of ${code(`@${item.role}`)}` : ""}.`,
      );
    }
  }
  return lines;
}

/** Active waivers first, with who gave them and why; then those that ended, and why they ended. */
function waiverLines(statuses: readonly WaiverStatus[]): string[] {
  const shown = statuses.filter((s) => s.state !== "superseded");
  const target = (t: string) => code(targetHandle(t));
  const active = shown
    .filter((s) => s.state === "active")
    .map(
      ({ waiver: w }) =>
        `- 🟡 ${target(w.target)} waived by ${handle(w.by)} at ${w.at}: ${escapeText(w.reason)} (ends ${w.coversAll ? "with any new commit" : "when a file it covers changes"}${w.expiresAt ? ` or at ${w.expiresAt}` : ""})`,
    );
  const ended = shown
    .filter((s) => s.state !== "active")
    .map(
      ({ waiver: w, reason }) =>
        `- ${target(w.target)} waiver by ${handle(w.by)} no longer applies: ${escapeText(reason ?? "")}`,
    );
  return [...active, ...ended];
}

/** Errors before warnings; past the budget, how many more of each there are. */
function problemList(decision: GateDecision, budget: number): string {
  const sorted = [...decision.problems].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1,
  );
  const lines = sorted.map(
    (p) => `- ${p.severity === "error" ? "❌" : "⚠️"} ${code(clip(formatProblem(p), MAX_PROBLEM_SHOWN))}`,
  );
  const errors = sorted.filter((p) => p.severity === "error").length;
  const more = (n: number) =>
    `- … and ${n} more (${errors} error${errors === 1 ? "" : "s"} and ${sorted.length - errors} warning${sorted.length - errors === 1 ? "" : "s"} in all); \`squadgate validate\` lists those in the config and ownership files.`;
  return titled("### Problems", lines, budget, more);
}

const MAX_PROBLEM_SHOWN = 1000;

function assetDetails(decision: GateDecision, policy: Policy | null, budget: number): string {
  const open = `<details><summary>${decision.assets.length} AI asset file${decision.assets.length === 1 ? "" : "s"} changed</summary>`;
  const close = "</details>";
  const table = assetTable(decision, policy, budget - open.length - close.length - 4);
  // The blank line ends the table: otherwise GitHub would read the closing tag as one more row.
  return table ? [open, "", table, "", close].join("\n") : "";
}

/** Each changed AI file with its kinds and the ownership rule (and line) that decides its owners. */
export function assetTable(
  decision: GateDecision,
  policy: Policy | null,
  budget: number = BUDGETS.checkSummary,
): string {
  const rows = decision.assets.map((asset) => {
    const rule = policy?.ruleFor(asset.path);
    const owners = rule
      ? `${rule.owners.length ? rule.owners.map((owner) => code(owner)).join(" ") : "none"} (line ${rule.line}: ${code(clip(rule.pattern, MAX_PATH_SHOWN))})`
      : "none";
    return `| ${pathCode(asset.path)} | ${asset.kinds.join(", ")} | ${owners} |`;
  });
  const header = ["| File | Kind | Owners (rule) |", "|---|---|---|"];
  return fitTable(
    header,
    rows,
    budget,
    (n) => `${n} more not shown; \`squadgate check --json\` lists every file.`,
    MAX_ASSET_ROWS,
  );
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
