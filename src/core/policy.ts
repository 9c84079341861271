import type { Problem } from "../config/problems.js";
import type { ConfigResult } from "../config/validate-config.js";
import { CONFIG_FILE, type Config, type Member } from "../config/schema.js";
import { compileAssetKinds, type AssetClassifier } from "./assets/classify.js";
import { parseOwnership, type Ownership, type OwnershipRule } from "./ownership/parse.js";

/**
 * Something that must approve: a declared role, or (for owners written as plain users and teams, as
 * in an existing CODEOWNERS) the group of those owners on one rule, any one of whom may approve.
 */
export interface Requirement {
  /** Stable key: `@ds` for a role, the owners joined by spaces for a group. */
  id: string;
  role?: string;
  description?: string;
  members: readonly Member[];
  approvals: number;
}

export interface Policy {
  config: Config;
  ownershipFile: string;
  ownership: Ownership;
  assets: AssetClassifier;
  /** Requirements of the rule that owns `path` (empty when unowned or owned only by email addresses). */
  requirementsFor(path: string): readonly Requirement[];
  /** The rule deciding `path`'s owners, for "why" in reports. */
  ruleFor(path: string): OwnershipRule | undefined;
  /** Who may waive `target` (role members expanded), or [] when nobody may. */
  waiverApprovers(target: string): readonly Member[];
}

/**
 * Squadgate's own policy files. A change to them needs the roles that own them, like an AI asset:
 * the base's policy judges the PR, but once merged the change judges every PR after it. The eval
 * workflow is one too: a pull request's own runs use its version of the workflow.
 */
export const policyFiles = (config: Config): string[] => [
  CONFIG_FILE,
  config.ownership.file,
  ...(config.evals?.workflow ? [`.github/workflows/${config.evals.workflow}`] : []),
];

export interface PolicyInput {
  config: Config;
  /** Text of the ownership file, or null when it does not exist at that ref. */
  ownershipText: string | null;
}

/** Ties config and ownership file together; problems point at the line that needs fixing. */
export function buildPolicy({ config, ownershipText }: PolicyInput): { policy: Policy; problems: Problem[] } {
  const file = config.ownership.file;
  const problems: Problem[] = [];
  if (ownershipText === null) {
    problems.push({
      severity: "warning",
      file,
      message: "the ownership file does not exist, so no AI asset has an owner; create it in CODEOWNERS syntax",
    });
  }
  const ownership = parseOwnership(ownershipText ?? "");
  for (const error of ownership.errors) {
    // Without its ownership file the gate would pass everything unowned: that stays an error.
    if (error.wholeFile) problems.push({ severity: "error", file, line: error.line, message: error.message });
    else
      problems.push({
        severity: "warning",
        file,
        line: error.line,
        message: `${error.message}; the line is ignored, as GitHub does`,
        ignoredByGitHub: true,
      });
  }

  const byRule = new Map<OwnershipRule, Requirement[]>();
  for (const rule of ownership.rules) {
    const { requirements, problems: ruleProblems } = resolveRule(rule, config, file);
    byRule.set(rule, requirements);
    problems.push(...ruleProblems);
  }
  problems.push(...roleWarnings(config));

  const ruleFor = (path: string) => ownership.ruleFor(path);
  const ownRequirements = (path: string) => {
    const rule = ruleFor(path);
    return rule ? (byRule.get(rule) ?? []) : [];
  };
  const standIn = policyFileStandIn(config);
  const unownedPolicy = policyFiles(config).filter((path) => ownRequirements(path).length === 0);
  problems.push(...unownedPolicy.map((path) => unownedPolicyProblem(path, file, config)));
  const policy: Policy = {
    config,
    ownershipFile: file,
    ownership,
    assets: compileAssetKinds(config.assets),
    ruleFor,
    requirementsFor: (path) => (unownedPolicy.includes(path) ? standIn : ownRequirements(path)),
    waiverApprovers: (target) => waiverApprovers(config, target),
  };
  return { policy, problems };
}

function resolveRule(rule: OwnershipRule, config: Config, file: string) {
  const requirements: Requirement[] = [];
  const problems: Problem[] = [];
  const group: Member[] = [];
  const groupOwners: string[] = [];
  for (const owner of rule.owners) {
    const name = owner.slice(1);
    const role = owner.startsWith("@") ? config.roles[name] : undefined;
    if (role) {
      requirements.push({
        id: owner,
        role: name,
        members: role.members,
        approvals: role.approvals,
        ...(role.description ? { description: role.description } : {}),
      });
    } else if (owner.includes("@") && !owner.startsWith("@")) {
      problems.push({
        severity: "warning",
        file,
        line: rule.line,
        message: `${owner}: email owners cannot be checked by Squadgate and are ignored; name a role, user or team`,
      });
    } else if (owner.includes("/")) {
      const [org = "", slug = ""] = name.split("/");
      group.push({ kind: "team", org, slug });
      groupOwners.push(owner);
    } else if (config.ownership.allow_users) {
      group.push({ kind: "user", login: name });
      groupOwners.push(owner);
    } else {
      problems.push({ severity: "error", file, line: rule.line, message: unknownRoleMessage(owner, config) });
    }
  }
  if (group.length > 0) requirements.push({ id: groupOwners.join(" "), members: group, approvals: 1 });
  return { requirements, problems };
}

/**
 * Who must approve a change to a policy file no rule owns. Deleting `squadgate.yml` opts the
 * repository out, and loosening it weakens every later gate, so such a change never needs nobody:
 * every declared role must approve it. With no role declared nobody can, and the change waits.
 */
function policyFileStandIn(config: Config): Requirement[] {
  const roles = Object.entries(config.roles);
  if (roles.length === 0) return [{ id: "owners of Squadgate's policy", members: [], approvals: 1 }];
  return roles.map(([name, role]) => ({
    id: `@${name}`,
    role: name,
    members: role.members,
    approvals: role.approvals,
    ...(role.description ? { description: role.description } : {}),
  }));
}

function unownedPolicyProblem(path: string, ownershipFile: string, config: Config): Problem {
  const who =
    Object.keys(config.roles).length > 0
      ? "every declared role must approve a change to it"
      : "no role is declared, so nobody can approve a change to it";
  return {
    severity: "warning",
    file: ownershipFile,
    message: `no rule owns ${path}, so ${who}; add a rule such as "/.github/ @legal" to name its owners`,
    concerns: path,
  };
}

function unknownRoleMessage(owner: string, config: Config): string {
  const declared = Object.keys(config.roles);
  const near = declared.find((role) => role.toLowerCase() === owner.slice(1).toLowerCase());
  const hint = near ? ` Did you mean @${near}?` : "";
  const list = declared.length ? declared.map((r) => `@${r}`).join(", ") : "none";
  return (
    `unknown role ${owner} (declared roles: ${list}).${hint} ` +
    "Declare it under roles: in squadgate.yml, or set ownership.allow_users: true to let GitHub users own paths"
  );
}

/** Who may waive `target` under `config`; a listed name that is a declared role means that role's members. */
export function waiverApprovers(config: Config, target: string): Member[] {
  return (config.waivers.allow[target] ?? []).flatMap((member) =>
    member.kind === "user" && config.roles[member.login] ? [...(config.roles[member.login]?.members ?? [])] : [member],
  );
}

function roleWarnings(config: Config): Problem[] {
  return Object.entries(config.roles).flatMap(([name, role]): Problem[] => {
    const hasTeam = role.members.some((m) => m.kind === "team");
    const users = role.members.filter((m) => m.kind === "user").length;
    if (hasTeam || users >= role.approvals) return [];
    return [
      {
        severity: "warning",
        file: CONFIG_FILE,
        key: `roles.${name}.approvals`,
        message: `role ${name} needs ${role.approvals} approvals but lists only ${users} user(s) and no team`,
      },
    ];
  });
}

export type LoadedPolicy =
  | { status: "absent" }
  | { status: "invalid"; problems: Problem[] }
  | { status: "ok"; policy: Policy; problems: Problem[] };

/** The policy from a loaded config and the text of the ownership file it names (read by the caller, possibly in parallel with other reads). */
export function assemblePolicy({ config, problems }: ConfigResult, ownershipText: string | null): LoadedPolicy {
  if (!config) return problems.length ? { status: "invalid", problems } : { status: "absent" };
  const built = buildPolicy({ config, ownershipText });
  return { status: "ok", policy: built.policy, problems: [...problems, ...built.problems] };
}

/**
 * The head's problems that the base branch does not already have: those are the pull request's
 * doing. Matched by file and message, not line (an edit above a line moves it), once per base copy.
 */
export function newProblems(head: readonly Problem[], base: readonly Problem[]): Problem[] {
  const key = (file: string, message: string) => `${file}\n${message}`;
  const onBase = new Map<string, number>();
  for (const p of base) onBase.set(key(p.file, p.message), (onBase.get(key(p.file, p.message)) ?? 0) + 1);
  return head.filter((p) => {
    const k = key(p.file, p.message);
    const left = onBase.get(k) ?? 0;
    if (left > 0) onBase.set(k, left - 1);
    return left === 0;
  });
}
