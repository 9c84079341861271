import * as z from "zod";
import { DEFAULT_CHECKLISTS } from "./default-checklists.js";
import { ASSET_KIND, ROLE_NAME } from "./names.js";

const ITEM_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** Limits of a checklist template, inline or in a file: they keep the checklist within a comment. */
export const CHECKLIST_LIMITS = { items: 30, text: 300, title: 80 } as const;

const checklistItemSchema = z.strictObject({
  id: z.string().regex(ITEM_ID, "item ids are lower-case words joined by -, e.g. golden-eval"),
  text: z.string().trim().min(1, "an item needs text").max(CHECKLIST_LIMITS.text),
  required: z.boolean().default(false).describe("Required items must be ticked before the check passes"),
  role: z.string().regex(ROLE_NAME).optional().describe("Only a member of this role may tick the item"),
});

const checklistTemplateSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(CHECKLIST_LIMITS.title).optional(),
    items: z.array(checklistItemSchema).min(1).max(CHECKLIST_LIMITS.items).optional(),
    file: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe("A markdown template in this repository, e.g. .github/squadgate/checklists/prompt.md"),
  })
  .superRefine((template, ctx) => {
    if ((template.items === undefined) === (template.file === undefined)) {
      ctx.addIssue({ code: "custom", message: "give either items or file" });
    }
    const seen = new Set<string>();
    template.items?.forEach((item, i) => {
      if (seen.has(item.id))
        ctx.addIssue({ code: "custom", path: ["items", i, "id"], message: `duplicate item id "${item.id}"` });
      seen.add(item.id);
    });
  });

export const checklistsSchema = z
  .strictObject({
    where: z
      .enum(["body", "comment", "off"])
      .default("body")
      .describe("body: a section of the PR description; comment: one sticky comment; off: no checklists"),
    templates: z
      .record(
        z.string().regex(ASSET_KIND, "template names are asset kinds"),
        z.union([checklistTemplateSchema, z.literal(false)]),
      )
      .default({})
      .transform((templates) => ({ ...DEFAULT_CHECKLISTS, ...templates }))
      .describe("asset kind -> checklist template, merged over the built-in ones; false switches one off"),
  })
  .prefault({});
