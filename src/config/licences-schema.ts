import * as z from "zod";
import { ASSET_KIND, ROLE_NAME } from "./names.js";

/** How a licence constrains use, from most to least open; `unknown` is a licence Squadgate cannot place. */
export const LICENCE_CLASSES = [
  "permissive",
  "copyleft",
  "use-restricted",
  "non-commercial",
  "research-only",
  "vendor",
  "unknown",
] as const;

/** Licence ids as Hugging Face cards write them (`apache-2.0`, `llama3.1`, `openrail++`), compared lower-cased. */
const LICENCE_ID = /^[A-Za-z0-9][A-Za-z0-9.+_-]{0,79}$/;

export const licencesSchema = z
  .strictObject({
    role: z
      .string()
      .regex(ROLE_NAME, "role names are letters, digits, _ and -")
      .describe(
        "Role that must approve when a model's or dataset's licence is not allowed, changes, or is missing on a new one (typically legal)",
      ),
    allow: z
      .array(z.enum(LICENCE_CLASSES))
      .default(["permissive"])
      .describe("Licence classes the repository accepts without that role's review"),
    table: z
      .record(
        z.string().regex(LICENCE_ID, "licence ids are letters, digits and . + _ -, as on Hugging Face cards"),
        z.enum(LICENCE_CLASSES),
      )
      .default({})
      .describe(
        "Licence id -> class, over Squadgate's built-in table (e.g. an in-house licence, or llama3: non-commercial)",
      ),
    kinds: z
      .array(z.string().regex(ASSET_KIND))
      .min(1)
      .default(["dataset", "model-config"])
      .describe("Asset kinds whose licence is read from their card or config"),
  })
  .optional()
  .describe("Model and dataset licences: read from cards (README.md front matter) and model configs");

export type LicencesConfig = NonNullable<z.output<typeof licencesSchema>>;
export type LicenceClass = (typeof LICENCE_CLASSES)[number];
