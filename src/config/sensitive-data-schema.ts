import * as z from "zod";
import { ASSET_KIND, ROLE_NAME } from "./names.js";

/** What the scan of added dataset lines looks for. */
export const SENSITIVE_KINDS = [
  "secret",
  "email",
  "phone",
  "payment-card",
  "national-id",
  "iban",
  "ip-address",
] as const;

const patternSchema = z
  .string()
  .min(1)
  .max(200)
  .superRefine((source, ctx) => {
    try {
      new RegExp(source, "u");
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `not a valid regular expression: ${(error as Error).message}` });
    }
  });

export const sensitiveDataSchema = z
  .strictObject({
    role: z
      .string()
      .regex(ROLE_NAME, "role names are letters, digits, _ and -")
      .describe("Role that must approve when added dataset lines hold secrets or personal data (privacy or legal)"),
    kinds: z
      .array(z.string().regex(ASSET_KIND))
      .min(1)
      .default(["dataset"])
      .describe("Asset kinds whose added lines are scanned"),
    detect: z
      .array(z.enum(SENSITIVE_KINDS))
      .min(1)
      .default([...SENSITIVE_KINDS])
      .describe("What to look for; all of them by default"),
    allow: z
      .array(patternSchema)
      .max(100)
      .default([])
      .describe(
        "Regular expressions: a finding whose value one of them matches is not reported (test addresses, documentation ranges)",
      ),
    max_mb: z
      .number()
      .positive()
      .max(200)
      .default(50)
      .describe("Megabytes of diff scanned per pull request; past it the check names the files left unscanned"),
    unscanned: z
      .enum(["review", "note"])
      .default("review")
      .describe(
        "A file whose added lines could not be scanned (binary, no diff from GitHub, past max_mb): review requires the role for it, as a finding would; note only names it",
      ),
    annotations: z
      .int()
      .min(0)
      .max(1000)
      .default(100)
      .describe("Findings shown as annotations on their file and line (GitHub takes 50 per request)"),
  })
  .optional()
  .describe("Secrets and personal data in the added lines of dataset files");

export type SensitiveDataConfig = NonNullable<z.output<typeof sensitiveDataSchema>>;
export type SensitiveKind = (typeof SENSITIVE_KINDS)[number];
