import { hasErrors, sortProblems, strictProblems } from "../config/problems.js";
import { policyWarnings } from "../config/policy-warnings.js";
import { CONFIG_FILE } from "../config/schema.js";
import type { GateDecision } from "../core/gate/decide.js";
import { decideSnapshot } from "../core/pull/decide.js";
import { snapshotOf } from "../core/pull/snapshot.js";
import type { Policy } from "../core/policy.js";
import { renderCheckOutput } from "../core/render/check-summary.js";
import { changedFiles, resolveCommit } from "./git-reader.js";
import { localPullFacts } from "./local-pull.js";
import { capped, inline, plural, problemLines, table, type CommandResult } from "./output.js";
import { notEnabled, openSource, repoPath } from "./source.js";

export type { CommandResult } from "./output.js";

interface Common {
  repo: string;
  /** Read the policy from the work tree (uncommitted edits included) rather than from a commit. */
  worktree?: boolean;
  /** Text output lists everything instead of the first entries. */
  all?: boolean;
}

/** `squadgate check`: what a pull request from head into base would need, decided by base's policy (or the work tree's). */
export async function checkCommand(
  opts: Common & { base: string; head: string; exitCode?: boolean },
): Promise<CommandResult> {
  const policySource = await openSource(opts.repo, { ref: opts.base, worktree: opts.worktree ?? false });
  const { root } = policySource;
  const [baseSha, headSha] = await Promise.all([resolveCommit(root, opts.base), resolveCommit(root, opts.head)]);
  const files = await changedFiles(root, baseSha, headSha);
  const policyFrom = opts.worktree ? { policyFrom: "working tree" } : {};
  const local = await localPullFacts(policySource, { baseRef: opts.base, baseSha, headSha, files });
  const outcome = snapshotOf(local.facts, local.ctx, new Date());
  if (outcome.status !== "ready")
    return { exitCode: 1, text: notEnabled(policySource.label), json: { enabled: false, ...policyFrom } };
  const { snapshot } = outcome;
  if (!snapshot.policy) {
    return {
      exitCode: 1,
      text: problemLines(snapshot.problems).join("\n"),
      json: { enabled: true, ...policyFrom, problems: sortProblems(snapshot.problems) },
    };
  }
  const decision = decideSnapshot(snapshot, new Date());
  const missing = decision.requirements.some((r) => !r.satisfied);
  const exitCode = hasErrors(decision.problems) ? 1 : opts.exitCode && missing ? 3 : 0;
  const output = renderCheckOutput(decision, snapshot.policy);
  const header = `Squadgate check: ${opts.base}...${opts.head} (policy from ${policySource.label}, ${plural(files.length, "changed file")})`;
  return {
    exitCode,
    text: [
      header,
      "",
      ...checkLines(decision, opts.all ?? false),
      "",
      `On GitHub the Squadgate check would be: ${decision.conclusion} — ${decision.title}`,
    ].join("\n"),
    markdown: `### ${output.title}\n\n${output.summary}`,
    json: { enabled: true, base: opts.base, head: opts.head, ...policyFrom, ...checkJson(decision) },
  };
}

/** The decision as `--format json` gives it. */
const checkJson = (decision: GateDecision) => ({
  conclusion: decision.conclusion,
  title: decision.title,
  assets: decision.assets,
  required: decision.requirements.map((r) => ({
    id: r.id,
    approvals: r.approvalsNeeded,
    canApprove: r.canApprove,
    files: r.files,
  })),
  unowned: decision.unowned,
  problems: sortProblems(decision.problems),
});

function checkLines(decision: GateDecision, all: boolean): string[] {
  const lines: string[] = [];
  if (decision.assets.length === 0 && decision.requirements.length === 0) lines.push("No AI assets changed.");
  else {
    if (decision.assets.length === 0) lines.push("No AI assets changed, but Squadgate's own policy files did.");
    else {
      lines.push(`AI assets touched (${decision.assets.length.toLocaleString("en-US")}):`);
      lines.push(...capped(table(decision.assets.map((a) => [a.path, a.kinds.join(", ")])), { all }));
    }
    lines.push("", decision.requirements.length ? "Required approvals:" : "No role owns these assets.");
    for (const r of decision.requirements) {
      const about = r.description ? ` (${r.description})` : "";
      lines.push(
        `  ${r.id}${about}: ${plural(r.approvalsNeeded, "approval")} from ${inline(r.canApprove, all ? Infinity : 8)}`,
      );
      lines.push(`    because of ${inline(r.files, all ? Infinity : 5)}`);
    }
  }
  if (decision.problems.length > 0) lines.push("", ...problemLines(decision.problems));
  return lines;
}

/** `squadgate validate`: the config and ownership file, plus warnings only the whole tree can show. */
export async function validateCommand(opts: Common & { ref: string }): Promise<CommandResult> {
  const source = await openSource(opts.repo, { ref: opts.ref, worktree: opts.worktree ?? false });
  const loaded = await source.load();
  if (loaded.status === "absent") return { exitCode: 1, text: notEnabled(source.label), json: { enabled: false } };
  // Validation is for a policy about to be used: lines GitHub would ignore are errors here.
  const problems = strictProblems(loaded.problems);
  if (loaded.status === "ok") {
    const [files, configText] = await Promise.all([source.files(), source.configText()]);
    problems.push(...policyWarnings(loaded.policy, { files, configText }));
  }
  const failed = loaded.status === "invalid" || hasErrors(problems);
  const summary =
    loaded.status === "ok"
      ? `${CONFIG_FILE} and ${loaded.policy.ownershipFile} in ${source.label}: ${plural(Object.keys(loaded.policy.config.roles).length, "role")}, ${plural(loaded.policy.ownership.rules.length, "ownership rule")}`
      : `${CONFIG_FILE} in ${source.label}`;
  const verdict = failed
    ? `✗ ${summary}: fix the errors above.`
    : `✓ ${summary}: valid${problems.length ? " (with warnings)" : ""}.`;
  return {
    exitCode: failed ? 1 : 0,
    text: [...problemLines(problems), verdict].join("\n"),
    json: { enabled: true, valid: !failed, problems: sortProblems(problems) },
  };
}

/** `squadgate owners`: who owns each path, by which rule, and which asset kinds it is. */
export async function ownersCommand(
  opts: Common & { ref: string; paths: string[]; cwd: string },
): Promise<CommandResult> {
  const source = await openSource(opts.repo, { ref: opts.ref, worktree: opts.worktree ?? false });
  const loaded = await source.load();
  if (loaded.status !== "ok") {
    const text = loaded.status === "absent" ? notEnabled(source.label) : problemLines(loaded.problems).join("\n");
    return {
      exitCode: 1,
      text,
      json: {
        enabled: loaded.status !== "absent",
        problems: loaded.status === "invalid" ? sortProblems(loaded.problems) : [],
      },
    };
  }
  const paths = await Promise.all(opts.paths.map((raw) => repoPath(raw, { root: source.root, cwd: opts.cwd })));
  const entries = paths.map((path) => describePath(loaded.policy, path));
  const text = entries.map((e) => {
    const owners = e.owners.length ? e.owners.join(" ") : "(no owner)";
    const rule = e.rule ? `${loaded.policy.ownershipFile}:${e.rule.line} ${e.rule.pattern}` : "no rule matches";
    return `${e.path}\n  owners: ${owners}\n  rule:   ${rule}\n  kinds:  ${e.kinds.length ? e.kinds.join(", ") : "not an AI asset"}`;
  });
  return {
    exitCode: hasErrors(loaded.problems) ? 1 : 0,
    text: [...problemLines(loaded.problems), ...text].join("\n"),
    json: { entries, problems: sortProblems(loaded.problems) },
  };
}

export function describePath(policy: Policy, path: string) {
  const rule = policy.ruleFor(path);
  return {
    path,
    owners: rule ? [...rule.owners] : [],
    rule: rule ? { line: rule.line, pattern: rule.pattern } : null,
    kinds: policy.assets.kindsOf(path),
  };
}
