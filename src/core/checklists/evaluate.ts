import type { Member } from "../../config/schema.js";
import { itemKey, type BodyItem } from "./section.js";
import type { ChecklistTemplate } from "./templates.js";
import type { TickRecord } from "./ticks.js";

export interface ChecklistItemStatus {
  kind: string;
  title: string;
  id: string;
  text: string;
  required: boolean;
  role?: string;
  checked: boolean;
  tickedBy?: string;
  /** Ticked by someone who may tick it (anyone, or a member of its role). */
  counts: boolean;
  /** For role items: who may tick it, as handles. */
  tickers?: string[];
}

export interface ChecklistStatus {
  items: ChecklistItemStatus[];
  /** Required items not (validly) ticked. */
  missing: ChecklistItemStatus[];
}

/** Where each item of the touched kinds stands, given the body's ticks and the verified record. */
export function evaluateChecklist(input: {
  templates: readonly ChecklistTemplate[];
  items: ReadonlyMap<string, BodyItem>;
  record: TickRecord;
  isRoleMember: (role: string, login: string) => boolean;
  roleHandles: (role: string) => string[];
}): ChecklistStatus {
  const items = input.templates.flatMap((template) =>
    template.items.map((item): ChecklistItemStatus => {
      const key = itemKey(template.kind, item.id);
      const checked = input.items.get(key)?.checked ?? false;
      const tickedBy = checked ? input.record[key]?.by : undefined;
      const counts =
        checked && (item.role === undefined || (tickedBy !== undefined && input.isRoleMember(item.role, tickedBy)));
      return {
        kind: template.kind,
        title: template.title,
        id: item.id,
        text: item.text,
        required: item.required,
        ...(item.role ? { role: item.role, tickers: input.roleHandles(item.role) } : {}),
        checked,
        ...(tickedBy ? { tickedBy } : {}),
        counts,
      };
    }),
  );
  return { items, missing: items.filter((item) => item.required && !item.counts) };
}

/** Teams that decide whether someone who ticked a role item is a member of that role. */
export function checklistTeamsToResolve(
  templates: readonly ChecklistTemplate[],
  record: TickRecord,
  roleMembers: (role: string) => readonly Member[],
): string[] {
  const teams = new Set<string>();
  for (const template of templates) {
    for (const item of template.items) {
      const tick = record[itemKey(template.kind, item.id)];
      if (!item.role || !tick) continue;
      const members = roleMembers(item.role);
      if (members.some((m) => m.kind === "user" && m.login.toLowerCase() === tick.by.toLowerCase())) continue;
      for (const m of members) if (m.kind === "team") teams.add(`${m.org}/${m.slug}`);
    }
  }
  return [...teams];
}
