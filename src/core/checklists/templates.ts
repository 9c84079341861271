import type { Problem } from "../../config/problems.js";
import { CHECKLIST_LIMITS } from "../../config/checklists-schema.js";
import type { Config } from "../../config/schema.js";

export interface ChecklistItem {
  id: string;
  text: string;
  required: boolean;
  role?: string;
}

export interface ChecklistTemplate {
  kind: string;
  title: string;
  items: ChecklistItem[];
}

const ITEM_LINE = /^[-*] \[ \] \[([a-z0-9][a-z0-9-]{0,39})\](?: \(([^)]*)\))? (.+)$/;
const ROLE = /^@([A-Za-z][A-Za-z0-9_-]{0,38})$/;

/**
 * A template in markdown, for teams that prefer files to YAML:
 *
 *     # Prompt change
 *     - [ ] [golden-eval] (required, @ds) Offline eval run on the golden set
 *     - [ ] [tone] Tone agreed with product
 *
 * Other lines are prose and ignored; a list line that is not an item is an error with its line. The
 * limits of an inline template hold here too (items, and the length of each item and of the title).
 */
export function parseTemplateMarkdown(
  text: string,
  file: string,
  roles: readonly string[],
): { title?: string; items: ChecklistItem[]; problems: Problem[] } {
  const items: ChecklistItem[] = [];
  const problems: Problem[] = [];
  let title: string | undefined;
  const over: number[] = [];
  const error = (line: number, message: string): void => {
    problems.push({ severity: "error", file, line, message });
  };
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (title === undefined && line.startsWith("# ")) {
      title = line.slice(2).trim();
      if (title.length > CHECKLIST_LIMITS.title)
        error(i + 1, `the title is ${title.length} characters; at most ${CHECKLIST_LIMITS.title}`);
    }
    if (!/^[-*] \[/.test(line)) continue;
    const parsed = parseItemLine(line, roles);
    if (typeof parsed === "string") error(i + 1, parsed);
    else if (items.some((other) => other.id === parsed.id)) error(i + 1, `duplicate item id "${parsed.id}"`);
    else if (items.length === CHECKLIST_LIMITS.items) over.push(i + 1);
    else items.push(parsed);
  }
  if (over.length > 0) {
    error(
      over[0] as number,
      `a template has at most ${CHECKLIST_LIMITS.items} items; this file has ${CHECKLIST_LIMITS.items + over.length}, the first extra one on this line`,
    );
  }
  if (items.length === 0 && problems.length === 0)
    problems.push({ severity: "error", file, line: 1, message: "the template has no items" });
  return { ...(title ? { title } : {}), items, problems };
}

/** One `- [ ] [id] (flags) text` line as an item, or what is wrong with it. */
function parseItemLine(line: string, roles: readonly string[]): ChecklistItem | string {
  const match = ITEM_LINE.exec(line);
  if (!match) return "expected `- [ ] [item-id] (required, @role) text`; the id is lower-case words joined by -";
  const [, id = "", flags = "", itemText = ""] = match;
  const item: ChecklistItem = { id, text: itemText.trim(), required: false };
  if (item.text.length > CHECKLIST_LIMITS.text)
    return `the item's text is ${item.text.length} characters; at most ${CHECKLIST_LIMITS.text}`;
  for (const flag of flags.split(",").map((f) => f.trim())) {
    if (!flag) continue;
    const role = ROLE.exec(flag)?.[1];
    if (flag === "required") item.required = true;
    else if (role && roles.includes(role)) item.role = role;
    else if (role) return `unknown role @${role}`;
    else return `unknown flag "${flag}": use required and/or @role`;
  }
  return item;
}

/** Markdown template files the given kinds need. */
export function templateFiles(config: Config, kinds: readonly string[]): string[] {
  return [
    ...new Set(
      kinds.flatMap((kind) => {
        const template = config.checklists.templates[kind];
        return template && "file" in template && template.file ? [template.file] : [];
      }),
    ),
  ];
}

/** The templates for the touched kinds, in config order; file templates come from `files` (path -> text or null). */
export function resolveTemplates(
  config: Config,
  kinds: readonly string[],
  files: ReadonlyMap<string, string | null>,
): { templates: ChecklistTemplate[]; problems: Problem[] } {
  const templates: ChecklistTemplate[] = [];
  const problems: Problem[] = [];
  const roles = Object.keys(config.roles);
  for (const [kind, template] of Object.entries(config.checklists.templates)) {
    if (!template || !kinds.includes(kind)) continue;
    const fallbackTitle = `${kind[0]?.toUpperCase() ?? ""}${kind.slice(1).replace(/-/g, " ")} change`;
    if ("file" in template && template.file) {
      const text = files.get(template.file);
      if (text === null || text === undefined) {
        problems.push({
          severity: "error",
          file: template.file,
          message: `checklist template for ${kind} does not exist on the base branch`,
        });
        continue;
      }
      const parsed = parseTemplateMarkdown(text, template.file, roles);
      problems.push(...parsed.problems);
      if (parsed.problems.length === 0)
        templates.push({ kind, title: template.title ?? parsed.title ?? fallbackTitle, items: parsed.items });
      continue;
    }
    templates.push({
      kind,
      title: template.title ?? fallbackTitle,
      items: (template.items ?? []).map((item) => ({ ...item })),
    });
  }
  return { templates, problems };
}
