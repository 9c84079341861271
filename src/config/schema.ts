import * as z from "zod";
import { globProblem } from "../core/assets/classify.js";
import { agentsSchema } from "./agents-schema.js";
import { DEFAULT_ASSET_GLOBS } from "./default-assets.js";
import { checklistsSchema } from "./checklists-schema.js";
import { evalsSchema } from "./evals-schema.js";
import { providersReferences, providersSchema } from "./providers-schema.js";
import { licencesSchema } from "./licences-schema.js";
import { sensitiveDataSchema } from "./sensitive-data-schema.js";
import { ASSET_KIND, isRoleTarget, ROLE_NAME } from "./names.js";

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
      .describe(
        "target (a role name, evals, checklist or agents) -> who may waive it; a target not listed cannot be waived",
      ),
    expire_after_hours: z
      .int()
      .min(1)
      .max(24 * 90)
      .optional()
      .describe("Waivers also end after this many hours (they always end when a file they cover changes)"),
  })
  .prefault({});

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
    agents: agentsSchema,
    providers: providersSchema,
    licences: licencesSchema,
    sensitive_data: sensitiveDataSchema,
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
    licences?: { role: string } | undefined;
    sensitive_data?: { role: string } | undefined;
  } & Parameters<typeof providersReferences>[0],
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
  for (const [key, block] of [
    ["licences", config.licences] as const,
    ["sensitive_data", config.sensitive_data] as const,
  ])
    if (block && !roles.includes(block.role))
      ctx.addIssue({ code: "custom", path: [key, "role"], message: `unknown role "${block.role}"` });
  for (const target of Object.keys(config.waivers.allow)) {
    if (!roles.includes(target) && isRoleTarget(target)) {
      ctx.addIssue({
        code: "custom",
        path: ["waivers", "allow", target],
        message: `"${target}" is not a role, evals, checklist or agents, so it cannot be waived`,
      });
    }
  }
  providersReferences(config, ctx);
}

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
export type Role = Config["roles"][string];
export type Mode = Config["mode"];
export type StalePolicy = Config["approvals"]["stale"];
export type EvalsConfig = NonNullable<Config["evals"]>;
export type MetricRule = EvalsConfig["metrics"][number];
