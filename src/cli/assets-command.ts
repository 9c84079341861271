import { hasErrors, sortProblems } from "../config/problems.js";
import { configSchema } from "../config/schema.js";
import { buildPolicy, type Policy } from "../core/policy.js";
import { describePath } from "./commands.js";
import { capped, plural, problemLines, table, type CommandResult } from "./output.js";
import { openSource } from "./source.js";

export interface AssetEntry {
  path: string;
  kinds: string[];
  owners: string[];
  rule: { line: number; pattern: string } | null;
  /** Requirement ids a change to this file brings in: `@ds`, or a group of plain owners. */
  requires: string[];
}

export interface AssetCoverage {
  files: number;
  assets: AssetEntry[];
  /** Asset kind -> how many files, in the config's kind order; kinds with none are left out. */
  byKind: Record<string, number>;
  /** Requirement id -> how many assets bring it in, most first. */
  byRole: Record<string, number>;
  /** Assets a change to which would need nobody's approval. */
  unowned: string[];
}

/** Every AI asset in a tree with its owners: the coverage of a policy. Pure, so `init` drafts from it too. */
export function assetCoverage(policy: Policy, files: readonly string[]): AssetCoverage {
  const assets: AssetEntry[] = [];
  const kindCounts = new Map<string, number>(Object.keys(policy.config.assets).map((kind) => [kind, 0]));
  const roleCounts = new Map<string, number>();
  for (const path of files) {
    const kinds = policy.assets.kindsOf(path);
    if (kinds.length === 0) continue;
    const requires = policy.requirementsFor(path).map((r) => r.id);
    const { owners, rule } = describePath(policy, path);
    assets.push({ path, kinds, owners, rule, requires });
    for (const kind of kinds) kindCounts.set(kind, (kindCounts.get(kind) ?? 0) + 1);
    for (const id of requires) roleCounts.set(id, (roleCounts.get(id) ?? 0) + 1);
  }
  return {
    files: files.length,
    assets,
    byKind: Object.fromEntries([...kindCounts].filter(([, n]) => n > 0)),
    byRole: Object.fromEntries([...roleCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))),
    unowned: assets.filter((a) => a.requires.length === 0).map((a) => a.path),
  };
}

/** The built-in asset kinds with no owners: what Squadgate would see in a repository before `init`. */
export const builtInPolicy = (): Policy => buildPolicy({ config: configSchema.parse({}), ownershipText: "" }).policy;

/** `squadgate assets`: every AI asset in the tree, its kinds, owners and deciding rule; totals; the unowned. */
export async function assetsCommand(opts: {
  repo: string;
  ref: string;
  worktree?: boolean;
  all?: boolean;
}): Promise<CommandResult> {
  const source = await openSource(opts.repo, { ref: opts.ref, worktree: opts.worktree ?? false });
  const [loaded, files] = await Promise.all([source.load(), source.files()]);
  if (loaded.status === "invalid") {
    return {
      exitCode: 1,
      text: problemLines(loaded.problems).join("\n"),
      json: { enabled: true, problems: sortProblems(loaded.problems) },
    };
  }
  const enabled = loaded.status === "ok";
  const policy = enabled ? loaded.policy : builtInPolicy();
  const problems = enabled ? loaded.problems : [];
  const coverage = assetCoverage(policy, files);
  const lines = assetLines({ label: source.label, enabled, policy, coverage, all: opts.all ?? false });
  if (problems.length > 0) lines.push("", ...problemLines(problems));
  return {
    exitCode: hasErrors(problems) ? 1 : 0,
    text: lines.join("\n"),
    json: {
      enabled,
      source: source.worktree ? "working tree" : opts.ref,
      ...coverage,
      problems: sortProblems(problems),
    },
  };
}

/** The text report: totals, by kind and role, the unowned, then every asset with its deciding rule. */
function assetLines(input: {
  label: string;
  enabled: boolean;
  policy: Policy;
  coverage: ReturnType<typeof assetCoverage>;
  all: boolean;
}): string[] {
  const { enabled, policy, coverage, all } = input;
  const lines = [
    `AI assets in ${input.label}: ${coverage.assets.length.toLocaleString("en-US")} of ${plural(coverage.files, "file")}` +
      (enabled ? ` (owners from ${policy.ownershipFile})` : ""),
  ];
  if (!enabled)
    lines.push(
      "No .github/squadgate.yml here, so these are the built-in asset kinds and nothing has an owner yet: squadgate init drafts a policy.",
    );
  if (coverage.assets.length > 0) {
    lines.push(
      "",
      "By kind:",
      ...table(Object.entries(coverage.byKind).map(([kind, n]) => [kind, n.toLocaleString("en-US")])),
    );
    if (enabled) {
      const roles = Object.entries(coverage.byRole).map(([id, n]) => [id, plural(n, "asset")]);
      lines.push(
        "",
        "By role:",
        ...(roles.length ? table(roles) : ["  (none: no rule names an owner for these assets)"]),
      );
      lines.push(
        "",
        coverage.unowned.length
          ? `Unowned (${coverage.unowned.length.toLocaleString("en-US")}): changing these needs nobody's approval`
          : "Unowned: none",
      );
      lines.push(
        ...capped(
          coverage.unowned.map((path) => `  ${path}`),
          { all },
        ),
      );
    }
    const rows = coverage.assets.map((a) => [
      a.path,
      a.kinds.join(", "),
      a.owners.join(" ") || "-",
      a.rule ? `${policy.ownershipFile}:${a.rule.line} ${a.rule.pattern}` : "-",
    ]);
    lines.push(
      "",
      "Assets (path, kinds, owners, deciding rule):",
      ...capped(table(enabled ? rows : rows.map((r) => r.slice(0, 2))), { all }),
    );
  }
  return lines;
}
