import { compileAssetKinds } from "../core/assets/classify.js";
import { compilePattern } from "../core/ownership/pattern.js";
import type { Policy } from "../core/policy.js";
import { DEFAULT_ASSET_GLOBS } from "./default-assets.js";
import type { Problem } from "./problems.js";
import { CONFIG_FILE } from "./schema.js";
import { locateKey } from "./validate-config.js";

/** The organisation `squadgate init` writes into member lists it could not fill in itself. */
export const PLACEHOLDER_ORG = "your-org";

/** File extensions of source code: a glob that makes these AI assets gates code changes on asset owners. */
const SOURCE_CODE = new Set(
  "py pyi ipynb js mjs cjs jsx ts mts cts tsx vue svelte java kt kts scala groovy go rs rb php cs fs swift m mm c h cc cpp hpp cxx sh bash zsh ps1 lua pl jl dart ex exs erl hs clj".split(
    " ",
  ),
);

/** Whether a path is source code, by its extension. */
export const isSourceCode = (path: string) => SOURCE_CODE.has(extension(path));

export interface TreeFacts {
  /** Every file path in the tree the policy was read from. */
  files: readonly string[];
  /** Text of squadgate.yml, for line numbers. */
  configText: string | null;
}

/**
 * What `squadgate validate` adds to the problems of loading a policy: things that are allowed but
 * are almost always mistakes, found by looking at the whole tree. Warnings only.
 */
export function policyWarnings(policy: Policy, tree: TreeFacts): Problem[] {
  const at = (key: string) => ({ key, ...(tree.configText === null ? {} : locateKey(tree.configText, key)) });
  const warn = (where: Omit<Problem, "severity" | "message">, message: string): Problem => ({
    severity: "warning",
    ...where,
    message,
  });
  return [
    ...roleWarnings(policy).map(([key, message]) => warn({ file: CONFIG_FILE, ...at(key) }, message)),
    ...codeGlobs(policy, tree.files).map(([key, message]) => warn({ file: CONFIG_FILE, ...at(key) }, message)),
    ...idleRules(policy, tree.files).map(([line, message]) => warn({ file: policy.ownershipFile, line }, message)),
  ];
}

/** Roles no rule names, placeholders left from `init`, and bare owners that look like undeclared roles. */
function roleWarnings(policy: Policy): [string, string][] {
  const { config, ownership, ownershipFile } = policy;
  const named = new Set(ownership.rules.flatMap((rule) => rule.owners.map((owner) => owner.toLowerCase())));
  // A role that only says who may waive, or who ticks a checklist item, has a job without any rule.
  const referenced = new Set([
    ...Object.values(config.waivers.allow).flatMap((members) =>
      members.flatMap((m) => (m.kind === "user" ? [m.login] : [])),
    ),
    ...Object.values(config.checklists.templates).flatMap((t) =>
      t === false ? [] : (t.items ?? []).flatMap((item) => (item.role ? [item.role] : [])),
    ),
  ]);
  const warnings: [string, string][] = [];
  for (const [name, role] of Object.entries(config.roles)) {
    if (!named.has(`@${name}`.toLowerCase()) && !referenced.has(name)) {
      warnings.push([
        `roles.${name}`,
        `role ${name} is declared but no rule in ${ownershipFile} names @${name}, so it is never required; name it on a rule or remove it`,
      ]);
    }
    const placeholders = role.members
      .filter((m) => m.kind === "team" && m.org === PLACEHOLDER_ORG)
      .map((m) => (m.kind === "team" ? `${m.org}/${m.slug}` : ""));
    if (placeholders.length > 0) {
      warnings.push([
        `roles.${name}.members`,
        `role ${name} still lists the placeholder ${placeholders.join(", ")}: replace it with the GitHub users and org/team teams who approve for ${name}`,
      ]);
    }
  }
  if (Object.keys(config.roles).length === 0 && config.ownership.allow_users) {
    const bare = [
      ...new Set(ownership.rules.flatMap((rule) => rule.owners.filter((o) => o.startsWith("@") && !o.includes("/")))),
    ];
    if (bare.length > 0) {
      const shown = bare.slice(0, 5).join(", ") + (bare.length > 5 ? ` and ${bare.length - 5} more` : "");
      warnings.push([
        "roles",
        `no roles are declared, so ${ownershipFile}'s ${shown} are taken as GitHub users; if they are squad roles, declare them under roles:`,
      ]);
    }
  }
  return warnings;
}

/** Globs the repository set itself that make source files AI assets. The built-in ones are not the user's to fix. */
function codeGlobs(policy: Policy, files: readonly string[]): [string, string][] {
  const code = files.filter(isSourceCode);
  const warnings: [string, string][] = [];
  for (const [kind, globs] of Object.entries(policy.config.assets)) {
    if (sameList(globs, DEFAULT_ASSET_GLOBS[kind])) continue;
    globs.forEach((glob, i) => {
      // A glob naming one file (`**/promptfooconfig.ts`) is configuration written as code, on purpose.
      if (!/[*?]/.test(glob.split("/").at(-1) ?? "")) return;
      const { kindsOf } = compileAssetKinds({ [kind]: [glob] });
      const matched = code.filter((path) => kindsOf(path).length > 0);
      if (matched.length === 0) return;
      const narrower = glob.endsWith("/**") ? `, e.g. "${glob}/*.{yaml,yml,json,jsonl,csv}"` : "";
      warnings.push([
        `assets.${kind}.${i}`,
        `"${glob}" matches ${matched.length} source file${matched.length === 1 ? "" : "s"}, such as ${matched[0]}: code is not an AI asset, and every change to it would wait for the asset's owners. Narrow the glob to data and configuration${narrower}`,
      ]);
    });
  }
  return warnings;
}

/** Ownership rules whose pattern matches no file in the tree: a typo, or a folder that moved. */
function idleRules(policy: Policy, files: readonly string[]): [number, string][] {
  const warnings: [number, string][] = [];
  for (const rule of policy.ownership.rules) {
    const compiled = compilePattern(rule.pattern);
    if (!compiled.ok || files.some((path) => compiled.pattern.regex.test(path))) continue;
    warnings.push([rule.line, `"${rule.pattern}" matches no file in the tree; a typo, or a folder that moved?`]);
  }
  return warnings;
}

const extension = (path: string) => {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1) : "";
};

const sameList = (a: readonly string[], b: readonly string[] | undefined) =>
  b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
