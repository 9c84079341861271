import * as z from "zod";
import { globProblem } from "../core/assets/classify.js";

const alphaSchema = z.number().gt(0).max(0.5);

const metricRuleSchema = z
  .strictObject({
    match: z
      .string()
      .trim()
      .min(1)
      .describe(
        "Glob on the metric's name, e.g. pass_rate, named.*, *latency*; it matches in every column (prompt × provider, task, scorer) unless column narrows it",
      ),
    suite: z.string().trim().min(1).optional().describe("Glob on the suite name; all suites when absent"),
    column: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe(
        'Glob on the column: a promptfoo prompt and provider ("v2 @ openai:gpt-4o-mini"), an lm-eval task, an inspect scorer; all columns when absent',
      ),
    direction: z.enum(["higher", "lower"]).optional().describe("Which way is better"),
    max_drop: z.number().nonnegative().optional().describe("Allowed regression in the metric's own units"),
    max_drop_pct: z.number().nonnegative().optional().describe("Allowed regression in percent of the base value"),
    gating: z.boolean().default(false).describe("A regression past the allowance fails the Squadgate check"),
    significance: z
      .strictObject({
        alpha: alphaSchema.describe("The regression must be significant at this level (two-sided p below it)"),
      })
      .optional()
      .describe("Gate only on regressions that are statistically significant, not on ones within noise"),
  })
  .superRefine((rule, ctx) => {
    const problem = globProblem(rule.match);
    if (problem) ctx.addIssue({ code: "custom", path: ["match"], message: problem });
    if (rule.gating && !rule.direction)
      ctx.addIssue({
        code: "custom",
        path: ["direction"],
        message: "a gating metric needs a direction (higher or lower)",
      });
    if (rule.column) {
      const columnProblem = globProblem(rule.column);
      if (columnProblem) ctx.addIssue({ code: "custom", path: ["column"], message: columnProblem });
    }
    if (rule.significance && !rule.gating)
      ctx.addIssue({
        code: "custom",
        path: ["significance"],
        message: "significance only changes what gates: set gating: true too",
      });
  });

const RESULT_FILE = z.strictObject({
  suite: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "suite names are letters, digits, . _ -"),
  path: z.string().trim().min(1).describe("A results file committed in the repository, read at base and head"),
});

export const evalsSchema = z
  .strictObject({
    workflow: z
      .string()
      .regex(/^[A-Za-z0-9._-]+\.ya?ml$/, "the workflow's file name in .github/workflows, e.g. squadgate-eval.yml")
      .optional()
      .describe("Workflow that runs the evals: its artifacts are read, and /eval dispatches it"),
    artifact: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .default("squadgate-evals")
      .describe("Name of the artifact holding result files"),
    files: z
      .array(RESULT_FILE)
      .max(20)
      .default([])
      .describe("Result files committed in the repository, instead of a workflow"),
    required: z.boolean().default(false).describe("AI-asset pull requests need eval results for their head commit"),
    metrics: z
      .array(metricRuleSchema)
      .max(100)
      .default([])
      .describe("Direction and allowance per metric; the first matching rule wins"),
    alpha: alphaSchema
      .default(0.05)
      .describe("Significance level at which changes are labelled significant rather than within noise"),
    cooldown_minutes: z
      .int()
      .min(0)
      .max(24 * 60)
      .default(10)
      .describe("Minimum time between two /eval runs on one pull request"),
    max_artifact_mb: z
      .number()
      .positive()
      .max(500)
      .default(25)
      .describe("Largest artifact Squadgate downloads, zipped"),
  })
  // Both would each set the one eval verdict of a commit, and the later would hide the other's regression.
  .superRefine((evals, ctx) => {
    if (evals.workflow && evals.files.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["files"],
        message:
          "set either evals.workflow or evals.files, not both: each gives the eval verdict, so one would hide the other's regressions",
      });
    }
  })
  .optional();
