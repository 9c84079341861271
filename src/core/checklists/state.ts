import type { Problem } from "../../config/problems.js";
import type { Config } from "../../config/schema.js";
import { BUDGETS, byteLength, GITHUB_LIMITS } from "../render/budget.js";
import { TICK_RECORD } from "../state/channels.js";
import { valueOr } from "../state/hidden-state.js";
import { parseItems, renderSection, spliceSection, type BodyItem } from "./section.js";
import { resolveTemplates, type ChecklistTemplate } from "./templates.js";
import { applyEdit, pruneTicks, type TickRecord, type TickScope } from "./ticks.js";

/** GitHub refuses pull request descriptions longer than this (in characters). */
export const MAX_BODY_LENGTH = GITHUB_LIMITS.body;

/** An edit of the checklist's text seen in a webhook: what it said before and after, and who edited. */
export interface ChecklistEdit {
  /** Where the edit happened; it matters only where the checklist lives. */
  source: "body" | "comment";
  before: string;
  after: string;
  sender: string;
  at: Date;
}

export interface ChecklistState {
  where: "body" | "comment";
  templates: ChecklistTemplate[];
  /** The text holding the section now: the PR description, or our sticky comment. */
  text: string;
  items: Map<string, BodyItem>;
  record: TickRecord;
  scope: TickScope;
  /** The edit credited in `record`, kept to credit it again if the text moves on before we write. */
  edit?: ChecklistEdit;
  problems: Problem[];
}

/** The checklist's current state: templates, ticks in the text, and the verified record of who ticked. */
export function checklistState(input: {
  config: Config;
  kinds: readonly string[];
  files: ReadonlyMap<string, string | null>;
  body: string;
  /** Our checklist sticky comment's text, when the checklist lives there. */
  comment: string | undefined;
  scope: TickScope;
  edit?: ChecklistEdit;
  /** Items a policy adds (the licence review), after the touched kinds' templates. */
  extra?: readonly ChecklistTemplate[];
}): ChecklistState | undefined {
  const where = input.config.checklists.where;
  if (where === "off") return undefined;
  const resolved = resolveTemplates(input.config, input.kinds, input.files);
  const templates = [...resolved.templates, ...(input.extra ?? [])];
  const problems = resolved.problems;
  const text = where === "body" ? input.body : (input.comment ?? "");
  const items = parseItems(text);
  // An edit of the description says nothing about a checklist kept in a comment, and the reverse.
  const edit = input.edit?.source === where ? input.edit : undefined;
  return {
    where,
    templates,
    text,
    items,
    record: creditedRecord(text, items, input.scope, edit),
    scope: input.scope,
    ...(edit ? { edit } : {}),
    problems,
  };
}

/** The live record in `text`, with what `edit` ticked credited to its sender, for the items ticked now. */
function creditedRecord(
  text: string,
  items: Map<string, BodyItem>,
  scope: TickScope,
  edit: ChecklistEdit | undefined,
): TickRecord {
  const live = valueOr(TICK_RECORD.read(text, scope), {});
  const record = edit
    ? applyEdit(live, parseItems(edit.before), parseItems(edit.after), { sender: edit.sender, at: edit.at })
    : live;
  return pruneTicks(record, items);
}

/** What the text should say: the section re-rendered in place, author's lines untouched. */
export function renderChecklistText(state: ChecklistState, maxItemText?: number): string {
  const section = renderSection({
    templates: state.templates,
    current: state.items,
    ...ticksLine(state),
    ...(maxItemText ? { maxItemText } : {}),
  });
  if (state.where === "comment") return (section ?? []).join("\n");
  return spliceSection(state.text, section);
}

/** Item texts are cut to these lengths, in turn, when the checklist does not fit otherwise. */
const SHORTER_ITEMS = [undefined, 120, 40] as const;
const fits = (state: ChecklistState, text: string) =>
  state.where === "comment" ? byteLength(text) <= BUDGETS.comment : text.length <= MAX_BODY_LENGTH;

/**
 * The text, with item texts cut shorter when needed to fit GitHub's limit; undefined when even the
 * shortest does not fit (then nothing is written, and a warning says why).
 */
export function fittedChecklistText(state: ChecklistState): string | undefined {
  for (const max of SHORTER_ITEMS) {
    const text = renderChecklistText(state, max);
    if (fits(state, text)) return text;
  }
  return undefined;
}

export const tooLong = (where: string, state: ChecklistState): Problem => ({
  severity: "warning",
  file: where,
  message: `too long to hold the checklist (${state.templates.reduce((n, t) => n + t.items.length, 0)} items)${where === "pull request description" ? "; shorten it or set checklists.where: comment" : "; use fewer or shorter checklist items"}`,
});

const ticksLine = (state: ChecklistState) => {
  if (Object.keys(state.record).length === 0) return {};
  return { ticksLine: TICK_RECORD.write(state.record, state.scope) };
};

/** The state moved onto a newer text: its ticks and record, with this run's edit credited again. */
export function checklistOnto(state: ChecklistState, text: string): ChecklistState {
  const items = parseItems(text);
  return { ...state, text, items, record: creditedRecord(text, items, state.scope, state.edit) };
}
