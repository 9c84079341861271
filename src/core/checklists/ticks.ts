import * as z from "zod";
import type { SigningScope } from "../signed-data.js";
import type { BodyItem } from "./section.js";

/**
 * Who ticked which item, kept inside the section as signed data (`TICK_RECORD`): the
 * description is editable by the author, so an unsigned record could be forged. Only role items
 * need it; for other items the tick itself is what counts.
 */
const tickSchema = z.strictObject({ by: z.string().max(60), at: z.iso.datetime() });
export const tickRecordSchema = z.record(z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/), tickSchema);

export type Tick = z.output<typeof tickSchema>;
export type TickRecord = Record<string, Tick>;
export type TickScope = SigningScope;

/**
 * The record after one edit: items this edit ticked are credited to its sender; items it unticked
 * lose their credit; every other credit stays as `record` has it. `record` is the live one, so an
 * edit handled late does not undo credits given for edits handled before it.
 */
export function applyEdit(
  record: TickRecord,
  before: ReadonlyMap<string, BodyItem>,
  after: ReadonlyMap<string, BodyItem>,
  edit: { sender: string; at: Date },
): TickRecord {
  const next: TickRecord = { ...record };
  for (const [key, item] of after) {
    const wasChecked = before.get(key)?.checked ?? false;
    if (item.checked && !wasChecked) next[key] = { by: edit.sender, at: edit.at.toISOString() };
    else if (!item.checked && wasChecked) delete next[key];
  }
  return next;
}

/** Credits that still match a ticked item (an untick outside an edit we saw drops the credit too). */
export function pruneTicks(record: TickRecord, items: ReadonlyMap<string, BodyItem>): TickRecord {
  return Object.fromEntries(Object.entries(record).filter(([key]) => items.get(key)?.checked));
}
