import { code, escapeText, unescapeText } from "../render/markdown.js";
import type { ChecklistTemplate } from "./templates.js";

/**
 * The checklist section of a pull request description. Every line Squadgate writes ends in a hidden
 * `sg:` marker, so the section can be found, repaired and replaced line by line: markers deleted,
 * duplicated or nested by hand never duplicate the section, and no line the author wrote is lost.
 */
export const SECTION_START = "<!-- squadgate:checklist:start -->";
export const SECTION_END = "<!-- squadgate:checklist:end -->";

const OURS = /<!-- (?:squadgate:checklist:(?:start|end)|sg:[a-z]+(?: [^>]*)?) -->\s*$/;
const ITEM = /^\s*[-*] \[([ xX])\] (.*?) <!-- sg:item ([a-z0-9-]+\/[a-z0-9-]+) -->\s*$/;
const SUFFIX = " · ";

export interface BodyItem {
  key: string;
  checked: boolean;
  /** The item's text as rendered, without Squadgate's suffixes. */
  text: string;
}

/** Items found anywhere in the body (ours carry their key); a key ticked in any copy counts as ticked. */
export function parseItems(body: string): Map<string, BodyItem> {
  const items = new Map<string, BodyItem>();
  for (const line of body.split(/\r?\n/)) {
    const match = ITEM.exec(line);
    if (!match) continue;
    const [, mark = " ", rawText = "", key = ""] = match;
    const checked = mark !== " " || (items.get(key)?.checked ?? false);
    const cut = rawText.indexOf(SUFFIX);
    items.set(key, { key, checked, text: cut >= 0 ? rawText.slice(0, cut) : rawText });
  }
  return items;
}

export interface SectionInput {
  templates: readonly ChecklistTemplate[];
  /** What the body says now, to keep ticks. */
  current: ReadonlyMap<string, BodyItem>;
  /** Signed record of who ticked what, rendered as-is. */
  ticksLine?: string;
  /** Cut each item's text to this many characters, for a checklist too long to fit otherwise. */
  maxItemText?: number;
}

export const itemKey = (kind: string, id: string) => `${kind}/${id}`;

/** The section's lines, or null when there is nothing to show (no template applies and nothing ticked is kept). */
export function renderSection({ templates, current, ticksLine, maxItemText }: SectionInput): string[] | null {
  const clean = (text: string) =>
    escapeText(
      maxItemText !== undefined && [...text].length > maxItemText
        ? `${[...text].slice(0, maxItemText - 1).join("")}…`
        : text,
    );
  const live = new Set(templates.flatMap((t) => t.items.map((item) => itemKey(t.kind, item.id))));
  const retired = [...current.values()].filter((item) => item.checked && !live.has(item.key));
  if (templates.length === 0 && retired.length === 0) return null;
  const lines = [
    SECTION_START,
    "## Squadgate checklist <!-- sg:title -->",
    "Tick each item when it is done. **Required** items must be ticked before the Squadgate check passes; an item naming a role counts only when a member of that role ticks it. <!-- sg:intro -->",
  ];
  for (const template of templates) {
    lines.push(`### ${clean(template.title)} <!-- sg:kind ${template.kind} -->`);
    for (const item of template.items) {
      const key = itemKey(template.kind, item.id);
      // The role as code: a bare `@ds` would be a mention of the GitHub user ds.
      const flags = [item.required ? "**required**" : "", item.role ? `${code(`@${item.role}`)} ticks` : ""].filter(
        Boolean,
      );
      const suffix = flags.length ? `${SUFFIX}${flags.join(", ")}` : "";
      lines.push(`- [${current.get(key)?.checked ? "x" : " "}] ${clean(item.text)}${suffix} <!-- sg:item ${key} -->`);
    }
  }
  if (retired.length > 0) {
    lines.push("### No longer needed <!-- sg:kind retired -->");
    // The text was read back from what we rendered: unescaped first, so it is not escaped twice.
    for (const item of retired)
      lines.push(`- [x] ${clean(unescapeText(item.text))}${SUFFIX}_no longer needed_ <!-- sg:item ${item.key} -->`);
  }
  if (ticksLine) lines.push(ticksLine);
  lines.push(SECTION_END);
  return lines;
}

/**
 * Puts `section` into `body` in place of every line Squadgate wrote before (where the first of them
 * was, else at the end), keeping every other line and the body's line endings. Idempotent.
 */
export function spliceSection(body: string, section: readonly string[] | null): string {
  const eol = body.includes("\r\n") ? "\r\n" : "\n";
  const kept: string[] = [];
  let insertAt = -1;
  for (const line of body.split(/\r?\n/)) {
    if (OURS.test(line)) {
      if (insertAt < 0) insertAt = kept.length;
      continue;
    }
    kept.push(line);
  }
  if (section === null) return kept.join(eol);
  if (insertAt < 0) {
    while (kept.length > 0 && kept.at(-1)?.trim() === "") kept.pop();
    insertAt = kept.length;
  }
  const gap = insertAt > 0 && kept[insertAt - 1]?.trim() !== "" ? [""] : [];
  return [...kept.slice(0, insertAt), ...gap, ...section, ...kept.slice(insertAt)].join(eol);
}
