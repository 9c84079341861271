import { AGENTS_EXAMPLE } from "../config/agents-schema.js";
import { PROVIDERS_EXAMPLE } from "../config/providers-schema.js";
import { CONFIG_FILE, DEFAULT_OWNERSHIP_FILE } from "../config/schema.js";
import { parseOwnership } from "../core/ownership/parse.js";
import type { DraftItem, DraftRule } from "./init-rules.js";

export interface DraftRole {
  name: string;
  description: string;
  members: string[];
  /** Members came from CODEOWNERS rather than being a placeholder. */
  fromCodeowners: boolean;
  /** CODEOWNERS owners left out of the list. */
  more: number;
}

const n = (count: number) => count.toLocaleString("en-US");

/** The commented squadgate.yml `init` writes. */
export function renderConfig(input: {
  kinds: Record<string, number>;
  roles: DraftRole[];
  codeowners: string | null;
}): string {
  const width = Math.max(...Object.keys(input.kinds).map((kind) => kind.length));
  const lines = [
    "# Squadgate policy, drafted by `squadgate init`. Edit it, then check it with",
    "#   squadgate validate --worktree      and see what it covers with      squadgate assets --worktree",
    "# yaml-language-server: $schema=https://squadgate.dev/schema/squadgate.schema.json",
    "",
    "# report: the Squadgate check shows what it would require, but never blocks and requests no reviews.",
    "# Switch to enforce once the team agrees with it, and make the check required in branch protection.",
    "mode: report",
    "",
    "# Who may approve for each role: GitHub logins and org/team teams.",
    "roles:",
  ];
  for (const role of input.roles) {
    lines.push(`  ${role.name}:`, `    description: ${role.description}`);
    if (role.fromCodeowners) {
      lines.push(
        `    # From ${input.codeowners}: who owns these files today${role.more ? ` (${role.more} more not listed)` : ""}. Keep those who should approve for ${role.name}.`,
      );
    } else {
      lines.push(`    # A placeholder: replace it with the users and org/team teams who approve for ${role.name}.`);
    }
    lines.push(`    members: [${role.members.join(", ")}]`);
  }
  lines.push(
    "",
    "# AI assets found in this tree by the built-in kinds (`squadgate assets` lists every file):",
    ...Object.entries(input.kinds).map(
      ([kind, count]) => `#   ${kind.padEnd(width)}  ${count ? `${n(count)} file${count === 1 ? "" : "s"}` : "none"}`,
    ),
    "# Add globs for files the built-in kinds do not know, or a kind of your own, for example:",
    '#   eval: ["lm_eval/tasks/**/*.yaml"]',
    '#   rag-index: ["indexes/**"]',
    "assets: {}",
    "",
    "ownership:",
    `  file: ${DEFAULT_OWNERSHIP_FILE}`,
    "",
    ...[AGENTS_EXAMPLE, PROVIDERS_EXAMPLE].flatMap((example) => [...example, ""]),
    ...DATA_POLICY_EXAMPLES,
  );
  return lines.join("\n");
}

/** The data policies, off until uncommented; each needs its role declared under roles: (e.g. legal: { members: [acme/legal] }). */
const DATA_POLICY_EXAMPLES = [
  "# Model and dataset licences, read from cards (README.md front matter) and model configs.",
  "# A licence outside `allow`, a changed one, or none on a new model or dataset requires the role.",
  "# Classes: permissive, copyleft, use-restricted (OpenRAIL), non-commercial, research-only, vendor (Llama, Gemma), unknown.",
  "# licences:",
  "#   role: legal",
  "#   allow: [permissive]",
  "#   table: { acme-internal-1.0: permissive }   # licence ids of your own, or another class for a built-in one",
  "",
  "# Secrets and personal data in the lines a pull request adds to dataset files: findings are",
  "# annotated on their lines, masked, and require the role.",
  "# sensitive_data:",
  "#   role: privacy",
  "#   allow: ['@acme-test\\.com$']      # regular expressions for values that are fine (test accounts)",
  "",
];

/** The commented ownership file `init` writes, each rule annotated with how many assets it decides. */
export function renderOwnership(input: {
  rules: DraftRule[];
  policyRules: DraftRule[];
  items: readonly (DraftItem & { kinds: string[] })[];
}): string {
  const all = [...input.rules, ...input.policyRules];
  const ownership = parseOwnership(all.map((r) => `${r.pattern} ${r.owners}`).join("\n"));
  const decided = all.map(() => ({ files: 0, kinds: new Set<string>() }));
  for (const item of input.items) {
    const rule = ownership.ruleFor(item.path);
    const tally = rule ? decided[rule.line - 1] : undefined;
    if (!tally) continue;
    tally.files++;
    for (const kind of item.kinds) tally.kinds.add(kind);
  }
  const width = Math.min(60, Math.max(...all.map((r) => r.pattern.length)));
  const ownersWidth = Math.max(...all.map((r) => r.owners.length));
  const line = (rule: DraftRule, i: number) => {
    const tally = decided[i];
    const note = tally?.files
      ? `  # ${n(tally.files)} ${tally.files === 1 ? "file" : "files"}: ${[...tally.kinds].join(", ")}`
      : "";
    return `${rule.pattern.padEnd(width)}  ${note ? rule.owners.padEnd(ownersWidth) : rule.owners}${note}`;
  };
  return [
    "# Who owns which AI assets, for Squadgate. CODEOWNERS syntax: the last matching rule wins.",
    `# Drafted by \`squadgate init\` from the assets it found; the roles are declared in ${CONFIG_FILE}.`,
    "# A rule that covers code as well costs nothing: only AI assets ever require a role.",
    "# To require more than one role, name each, e.g.   /datasets/   @ds @legal   (and declare legal).",
    "",
    ...input.rules.map(line),
    ...(input.rules.length ? [""] : []),
    "# Squadgate's own policy: loosening it needs the same roles as the assets it protects.",
    ...input.policyRules.map((rule, i) => line(rule, input.rules.length + i)),
    "",
  ].join("\n");
}
