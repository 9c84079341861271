import * as z from "zod";
import { globProblem } from "../core/assets/classify.js";
import { ASSET_KIND, ROLE_NAME } from "./names.js";

/** A vendor's name as the check shows it: `openai`, `anthropic`, `azure`, `self-hosted`. */
const VENDOR = /^[a-z0-9][a-z0-9._-]{0,39}$/;
/** A host (`llm.acme.internal`) or a provider prefix (`acme-gateway`) that names a vendor. */
const HOST_OR_PREFIX = /^[a-z0-9*][a-z0-9.*_-]{0,99}$/;

const glob = z
  .string()
  .trim()
  .min(1)
  .superRefine((value, ctx) => {
    const problem = globProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/**
 * Third-party model providers: a model config or prompt that starts sending data to another vendor
 * needs the configured roles. Off unless configured.
 */
export const providersSchema = z
  .strictObject({
    roles: z
      .array(z.string().regex(ROLE_NAME))
      .min(1, "name the roles that must approve a change of vendor, e.g. [legal]")
      .describe("Roles that must approve a change of vendor (each with its own number of approvals)"),
    on: z
      .enum(["vendor", "model", "any"])
      .default("vendor")
      .describe(
        "What needs the roles: vendor (a new vendor); model (also another model of the same vendor); any (also a version bump of the same model)",
      ),
    approved: z
      .array(z.string().regex(VENDOR, "vendors are lower-case names such as openai, azure, self-hosted"))
      .default([])
      .describe("Vendors the company already approved: switching to one of them is reported but needs no role"),
    vendors: z
      .record(
        z.string().regex(HOST_OR_PREFIX, "a lower-case host (llm.acme.internal, *.acme.internal) or provider prefix"),
        z.string().regex(VENDOR, "vendors are lower-case names such as openai, azure, self-hosted"),
      )
      .default({})
      .describe("Hosts and provider prefixes of your own -> the vendor they are, e.g. llm.acme.internal: self-hosted"),
    kinds: z
      .array(z.string().regex(ASSET_KIND))
      .default(["prompt", "model-config", "eval"])
      .describe("Asset kinds whose files are read for the provider and model they call"),
    files: z.array(glob).default([]).describe("More files to read (globs), e.g. config/litellm*.yaml"),
  })
  .optional()
  .describe("Third-party model providers; off unless present");

export type ProvidersConfig = NonNullable<z.output<typeof providersSchema>>;

/** Roles and kinds the block names must exist. */
export function providersReferences(
  config: { roles: Record<string, unknown>; assets: Record<string, unknown>; providers?: ProvidersConfig | undefined },
  ctx: z.RefinementCtx,
): void {
  const providers = config.providers;
  if (!providers) return;
  providers.roles.forEach((role, i) => {
    if (!(role in config.roles))
      ctx.addIssue({ code: "custom", path: ["providers", "roles", i], message: `unknown role "${role}"` });
  });
  providers.kinds.forEach((kind, i) => {
    if (!(kind in config.assets))
      ctx.addIssue({ code: "custom", path: ["providers", "kinds", i], message: `"${kind}" is not an asset kind` });
  });
}

/** The commented example `squadgate init` writes. */
export const PROVIDERS_EXAMPLE = [
  "# Third-party model providers: a prompt or model config that starts calling another vendor",
  "# (promptfoo providers, Prompty and Dotprompt model, LiteLLM and OpenAI-style model/base_url)",
  "# needs these roles; a version bump of the same model is only reported.",
  "# providers:",
  "#   roles: [legal]                          # who must approve a new vendor (declare them under roles:)",
  "#   approved: [azure]                       # vendors already approved: reported only",
  "#   vendors: { llm.acme.internal: self-hosted }",
];
