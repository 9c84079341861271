import { DEFAULT_ASSET_GLOBS } from "../config/default-assets.js";
import { isSourceCode, PLACEHOLDER_ORG } from "../config/policy-warnings.js";
import { CONFIG_FILE, DEFAULT_OWNERSHIP_FILE } from "../config/schema.js";
import { compileAssetKinds } from "../core/assets/classify.js";
import { parseOwnership } from "../core/ownership/parse.js";
import { draftRules, escapeSegment, type DraftItem, type DraftRule } from "./init-rules.js";
import { renderConfig, renderOwnership, type DraftRole } from "./init-render.js";

/** Who usually owns each built-in kind (see the squad roles in the README); teams rename them freely. */
const ROLE_OF_KIND: Readonly<Record<string, string>> = {
  prompt: "ds",
  eval: "ds",
  dataset: "ds",
  "model-config": "mle",
};
const ROLE_INFO: Readonly<Record<string, { description: string; team: string }>> = {
  ds: { description: "Data science — prompts, evals, datasets", team: "data-science" },
  mle: { description: "ML engineering — model configs and weights", team: "ml-engineering" },
};
const MAX_MEMBERS = 10;

export interface InitInput {
  /** Every file in the working tree. */
  files: readonly string[];
  /** An existing CODEOWNERS, whose owners of the assets become the drafted roles' members. */
  codeowners: { file: string; text: string } | null;
  /** The ownership file, when one exists already: it is kept, and its roles are declared. */
  existingOwnership: string | null;
}

export interface InitDraft {
  config: string;
  /** Null when an ownership file exists already. */
  ownership: string | null;
  roles: DraftRole[];
  /** Asset kind -> files found, every built-in kind listed. */
  kinds: Record<string, number>;
  assets: number;
  rules: number;
}

export function draftPolicy(input: InitInput): InitDraft {
  const { kindsOf } = compileAssetKinds(DEFAULT_ASSET_GLOBS);
  const kinds: Record<string, number> = Object.fromEntries(Object.keys(DEFAULT_ASSET_GLOBS).map((kind) => [kind, 0]));
  const items: (DraftItem & { kinds: string[] })[] = [];
  for (const path of input.files) {
    const found = kindsOf(path);
    if (found.length === 0) continue;
    for (const kind of found) kinds[kind] = (kinds[kind] ?? 0) + 1;
    items.push({ path, kinds: found, owners: ownersKey(found.map((kind) => ROLE_OF_KIND[kind] ?? "ds")) });
  }
  const roleNames = input.existingOwnership !== null ? rolesNamedIn(input.existingOwnership) : rolesOf(items);
  const roles = roleNames.map((name) => draftRole(name, items, input.codeowners));
  const common = { kinds, roles, codeowners: input.codeowners?.file ?? null };
  if (input.existingOwnership !== null)
    return { config: renderConfig(common), ownership: null, roles, kinds, assets: items.length, rules: 0 };
  const rules = withFixes(draftRules(items, codeFolders(input.files)), items);
  const policyOwners = ownersKey(roles.map((r) => r.name));
  const policyRules = [CONFIG_FILE, DEFAULT_OWNERSHIP_FILE].map((file) => ({
    pattern: `/${file.split("/").map(escapeSegment).join("/")}`,
    owners: policyOwners,
  }));
  return {
    config: renderConfig(common),
    ownership: renderOwnership({ rules, policyRules, items }),
    roles,
    kinds,
    assets: items.length,
    rules: rules.length + policyRules.length,
  };
}

/** Every folder with source code at or below it. */
function codeFolders(files: readonly string[]): Set<string> {
  const folders = new Set<string>();
  for (const path of files.filter(isSourceCode)) {
    for (let slash = path.indexOf("/"); slash >= 0; slash = path.indexOf("/", slash + 1))
      folders.add(path.slice(0, slash));
  }
  return folders;
}

const ownersKey = (roles: readonly string[]) =>
  [...new Set(roles)]
    .sort()
    .map((r) => `@${r}`)
    .join(" ");

function rolesOf(items: readonly DraftItem[]): string[] {
  const names = new Set(items.flatMap((item) => item.owners.split(" ").map((o) => o.slice(1))));
  // With no asset found there is still the policy itself to own.
  return names.size ? [...names].sort() : ["ds"];
}

/** Bare `@name` owners of an existing ownership file: the roles it expects squadgate.yml to declare. */
function rolesNamedIn(text: string): string[] {
  const names = parseOwnership(text).rules.flatMap((rule) =>
    rule.owners.filter((o) => /^@[A-Za-z][A-Za-z0-9_-]*$/.test(o)).map((o) => o.slice(1)),
  );
  return [...new Set(names)].sort();
}

/** A role's members: whoever CODEOWNERS makes owner of its assets today, else a placeholder team to replace. */
function draftRole(name: string, items: readonly DraftItem[], codeowners: InitInput["codeowners"]): DraftRole {
  const info = ROLE_INFO[name] ?? { description: `${name}`, team: name };
  const counts = new Map<string, number>();
  if (codeowners) {
    const ownership = parseOwnership(codeowners.text);
    for (const item of items.filter((i) => i.owners.split(" ").includes(`@${name}`))) {
      for (const owner of ownership.ownersOf(item.path)) {
        const handle = owner.slice(1);
        if (
          owner.startsWith("@") &&
          /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/.test(handle)
        )
          counts.set(handle, (counts.get(handle) ?? 0) + 1);
      }
    }
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([handle]) => handle);
  if (ranked.length === 0)
    return {
      name,
      description: info.description,
      members: [`${PLACEHOLDER_ORG}/${info.team}`],
      fromCodeowners: false,
      more: 0,
    };
  return {
    name,
    description: info.description,
    members: ranked.slice(0, MAX_MEMBERS),
    fromCodeowners: true,
    more: Math.max(0, ranked.length - MAX_MEMBERS),
  };
}

/** The drafted rules, checked: any asset they would give the wrong owners gets a rule of its own at the end. */
function withFixes(rules: DraftRule[], items: readonly DraftItem[]): DraftRule[] {
  const ownership = parseOwnership(rules.map((r) => `${r.pattern} ${r.owners}`).join("\n"));
  const wrong = items.filter((item) => [...ownership.ownersOf(item.path)].sort().join(" ") !== item.owners);
  return [
    ...rules,
    ...wrong.map((item) => ({ pattern: `/${item.path.split("/").map(escapeSegment).join("/")}`, owners: item.owners })),
  ];
}
