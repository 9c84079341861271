import * as z from "zod";
import { globProblem } from "../core/assets/classify.js";
import { DEFAULT_ASSET_GLOBS } from "./default-assets.js";
import { DEFAULT_CHECKLISTS } from "./default-checklists.js";

/** The file each repository (or the org's `.github` repository) opts in with. */
export const CONFIG_FILE = ".github/squadgate.yml";
/** Probot's config loader takes the path below `.github/`. */
export const CONFIG_NAME = "squadgate.yml";
export const DEFAULT_OWNERSHIP_FILE = ".github/SQUADOWNERS";

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const TEAM_SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export type Member = { kind: "user"; login: string } | { kind: "team"; org: string; slug: string };

/** `alice`, `@alice`, `acme/ml-eng` or `@acme/ml-eng`. */
const memberSchema = z
  .string()
  .trim()
  .transform((raw, ctx): Member => {
    const handle = raw.startsWith("@") ? raw.slice(1) : raw;
    const [org, slug, ...rest] = handle.split("/");
    if (slug === undefined && org && LOGIN.test(org)) return { kind: "user", login: org };
    if (slug !== undefined && rest.length === 0 && org && LOGIN.test(org) && TEAM_SLUG.test(slug)) {
      return { kind: "team", org, slug };
    }
    ctx.addIssue({
      code: "custom",
      message: `"${raw}" is not a GitHub user ("alice") or team ("acme/ml-eng")`,
    });
    return z.NEVER;
  });

const roleSchema = z
  .strictObject({
    description: z.string().trim().min(1).optional().describe("Shown in reports next to the role"),
    members: z
      .array(memberSchema)
      .min(1, "a role needs at least one member")
      .describe("GitHub users and org/team teams whose approval counts for this role"),
    approvals: z.int().min(1).max(10).default(1).describe("How many distinct members must approve"),
  })
  .describe("A squad role such as ds, mle, legal");

const ROLE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,38}$/;
const ASSET_KIND = /^[a-z][a-z0-9-]{0,38}$/;

const globSchema = z
  .string()
  .trim()
  .min(1, "a glob cannot be empty")
  .refine((g) => !g.startsWith("/"), "globs are relative to the repository root: drop the leading /")
  .superRefine((glob, ctx) => {
    const problem = globProblem(glob);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const assetsSchema = z
  .record(
    z.string().regex(ASSET_KIND, "asset kinds are lower-case words such as prompt or model-config"),
    z.array(globSchema).describe("minimatch globs; an empty list switches a built-in kind off"),
  )
  .default({})
  .transform((kinds) => ({ ...DEFAULT_ASSET_GLOBS, ...kinds }))
  .describe("AI asset kind -> globs; merged over the built-in kinds prompt, dataset, model-config, eval");

const ownershipSchema = z
  .strictObject({
    file: z
      .string()
      .trim()
      .min(1)
      .default(DEFAULT_OWNERSHIP_FILE)
      .describe("Ownership file in CODEOWNERS syntax, e.g. .github/SQUADOWNERS or .github/CODEOWNERS"),
    allow_users: z
      .boolean()
      .default(false)
      .describe("Let plain GitHub users own paths. When false, every bare @name must be a declared role"),
    unowned: z
      .enum(["warn", "fail"])
      .default("warn")
      .describe("What to do when a PR touches an AI asset that no rule owns"),
  })
  .prefault({});

const approvalsSchema = z
  .strictObject({
    stale: z
      .enum(["never", "on_push", "on_owned_change"])
      .default("on_owned_change")
      .describe(
        "When an approval stops counting: never; on_push (any new commit); on_owned_change (a file the role owns changed since the approval)",
      ),
    pushers_may_approve: z
      .boolean()
      .default(false)
      .describe(
        "Let someone who pushed to a pull request (or authored or committed its commits) approve it for their role. By default their approval does not count, as with GitHub's most-recent-push rule",
      ),
  })
  .prefault({});

const waiversSchema = z
  .strictObject({
    allow: z
      .record(
        z.string().regex(ROLE_NAME, "waiver targets are role names, evals or checklist"),
        z.array(memberSchema).describe("Roles (by name), users and org/team teams who may waive this target"),
      )
      .default({})
      .describe("target (a role name, evals or checklist) -> who may waive it; a target not listed cannot be waived"),
    expire_after_hours: z
      .int()
      .min(1)
      .max(24 * 90)
      .optional()
      .describe("Waivers also end after this many hours (they always end when a file they cover changes)"),
  })
  .prefault({});

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

const checklistsSchema = z
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

const evalsSchema = z
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

export const configSchema = z
  .strictObject({
    _extends: z
      .string()
      .optional()
      .describe("Inherit another repository's file first: repo, owner/repo or owner/repo:path.yml (Probot config)"),
    mode: z
      .enum(["enforce", "report"])
      .default("enforce")
      .describe("enforce: the check blocks merging and reviewers are requested; report: neutral check, no requests"),
    roles: z.record(z.string().regex(ROLE_NAME, "role names are letters, digits, _ and -"), roleSchema).default({}),
    assets: assetsSchema,
    ownership: ownershipSchema,
    approvals: approvalsSchema,
    checklists: checklistsSchema,
    evals: evalsSchema,
    waivers: waiversSchema,
    drafts: z
      .enum(["check", "skip"])
      .default("check")
      .describe("check: draft PRs get the check but no review requests; skip: drafts are ignored until ready"),
  })
  // Cross-references only make sense once every section parsed.
  .superRefine(crossReferences, { when: (payload) => payload.issues.length === 0 })
  .describe("Squadgate policy, .github/squadgate.yml");

/** References between sections: templates name asset kinds and roles; waivers name roles. */
function crossReferences(
  config: {
    roles: Record<string, unknown>;
    assets: Record<string, unknown>;
    checklists: { templates: Record<string, false | { items?: { role?: string | undefined }[] | undefined }> };
    waivers: { allow: Record<string, unknown> };
  },
  ctx: z.RefinementCtx,
) {
  const roles = Object.keys(config.roles);
  for (const [kind, template] of Object.entries(config.checklists.templates)) {
    if (!(kind in config.assets)) {
      ctx.addIssue({
        code: "custom",
        path: ["checklists", "templates", kind],
        message: `"${kind}" is not an asset kind (kinds: ${Object.keys(config.assets).join(", ")})`,
      });
    }
    if (template === false) continue;
    template.items?.forEach((item, i) => {
      if (item.role !== undefined && !roles.includes(item.role)) {
        ctx.addIssue({
          code: "custom",
          path: ["checklists", "templates", kind, "items", i, "role"],
          message: `unknown role "${item.role}"`,
        });
      }
    });
  }
  for (const target of Object.keys(config.waivers.allow)) {
    if (!roles.includes(target) && target !== "evals" && target !== "checklist") {
      ctx.addIssue({
        code: "custom",
        path: ["waivers", "allow", target],
        message: `"${target}" is not a role, evals or checklist, so it cannot be waived`,
      });
    }
  }
}

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
export type Role = Config["roles"][string];
export type Mode = Config["mode"];
export type StalePolicy = Config["approvals"]["stale"];
export type EvalsConfig = NonNullable<Config["evals"]>;
export type MetricRule = EvalsConfig["metrics"][number];
