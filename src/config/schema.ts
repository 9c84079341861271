import * as z from "zod";
import { globProblem } from "../core/assets/classify.js";
import { DEFAULT_ASSET_GLOBS } from "./default-assets.js";

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
    approvals: z
      .int()
      .min(1)
      .max(10)
      .default(1)
      .describe("How many distinct members must approve"),
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
  .default({ file: DEFAULT_OWNERSHIP_FILE, allow_users: false, unowned: "warn" });

const approvalsSchema = z
  .strictObject({
    stale: z
      .enum(["never", "on_push", "on_owned_change"])
      .default("on_owned_change")
      .describe(
        "When an approval stops counting: never; on_push (any new commit); on_owned_change (a file the role owns changed since the approval)",
      ),
  })
  .default({ stale: "on_owned_change" });

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
  .default({ allow: {} });

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
    waivers: waiversSchema,
    drafts: z
      .enum(["check", "skip"])
      .default("check")
      .describe("check: draft PRs get the check but no review requests; skip: drafts are ignored until ready"),
  })
  .describe("Squadgate policy, .github/squadgate.yml");

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
export type Role = Config["roles"][string];
export type Mode = Config["mode"];
export type StalePolicy = Config["approvals"]["stale"];
