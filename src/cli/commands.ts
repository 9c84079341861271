import { formatProblem, hasErrors, strictProblems, type Problem } from "../config/problems.js";
import { CONFIG_FILE } from "../config/schema.js";
import { decideGate } from "../core/gate/decide.js";
import { touchedPaths } from "../core/gate/types.js";
import type { Policy } from "../core/policy.js";
import { loadPolicy, newProblems, validatePolicyChange, type LoadedPolicy } from "../engine/load-policy.js";
import { changedFiles, gitRepoReader, resolveCommit } from "./git-reader.js";

export interface CommandResult {
  /** 0: fine, 1: the repository has problems to fix. */
  exitCode: 0 | 1;
  text: string;
  json: unknown;
}

const NOT_ENABLED = (ref: string) => `No ${CONFIG_FILE} at ${ref}: Squadgate is not enabled in this repository.`;

/** `squadgate check`: what a pull request from head into base would need, decided by base's policy. */
export async function checkCommand(opts: { repo: string; base: string; head: string }): Promise<CommandResult> {
  const [baseSha, headSha] = await Promise.all([resolveCommit(opts.repo, opts.base), resolveCommit(opts.repo, opts.head)]);
  const reader = gitRepoReader(opts.repo);
  const [base, files] = await Promise.all([loadPolicy(reader, baseSha), changedFiles(opts.repo, baseSha, headSha)]);
  if (base.status === "absent") return { exitCode: 1, text: NOT_ENABLED(opts.base), json: { enabled: false } };
  const changedPaths = touchedPaths(files);
  const ownershipFile = base.status === "ok" ? base.policy.ownershipFile : undefined;
  const headProblems = await validatePolicyChange(reader, { headRef: headSha, changedPaths, ownershipFile });
  const problems = [...base.problems, ...newProblems(headProblems, base.problems)];
  if (base.status === "invalid") {
    return { exitCode: 1, text: problemLines(problems).join("\n"), json: { enabled: true, problems } };
  }
  const decision = decideGate({
    policy: base.policy,
    facts: { author: "", draft: false, headSha, owner: "", files, filesComplete: true, reviews: [], requestedUsers: [], requestedTeams: [] },
    teamMembers: new Map(),
    changesSince: new Map(),
    problems,
  });
  const lines = [`Squadgate check: ${opts.base}...${opts.head} (policy from ${opts.base}, ${files.length} changed files)`, ""];
  if (decision.assets.length === 0 && decision.requirements.length === 0) lines.push("No AI assets changed.");
  else {
    if (decision.assets.length === 0) lines.push("No AI assets changed, but Squadgate's own policy files did.");
    else {
      lines.push(`AI assets touched (${decision.assets.length}):`);
      const width = Math.min(60, Math.max(...decision.assets.map((a) => a.path.length)));
      for (const asset of decision.assets) lines.push(`  ${asset.path.padEnd(width)}  ${asset.kinds.join(", ")}`);
    }
    lines.push("", decision.requirements.length ? "Required approvals:" : "No role owns these assets.");
    for (const r of decision.requirements) {
      const about = r.description ? ` (${r.description})` : "";
      lines.push(`  ${r.id}${about}: ${r.approvalsNeeded} approval${r.approvalsNeeded === 1 ? "" : "s"} from ${r.canApprove.join(", ")}`);
      lines.push(`    because of ${r.files.join(", ")}`);
    }
  }
  if (problems.length + decision.problems.length > 0) lines.push("", ...problemLines(decision.problems));
  lines.push("", `On GitHub the Squadgate check would be: ${decision.conclusion} — ${decision.title}`);
  return {
    exitCode: hasErrors(decision.problems) ? 1 : 0,
    text: lines.join("\n"),
    json: {
      enabled: true,
      base: opts.base,
      head: opts.head,
      conclusion: decision.conclusion,
      title: decision.title,
      assets: decision.assets,
      required: decision.requirements.map((r) => ({ id: r.id, approvals: r.approvalsNeeded, canApprove: r.canApprove, files: r.files })),
      unowned: decision.unowned,
      problems: decision.problems,
    },
  };
}

/** `squadgate validate`: the config and ownership file at a ref. */
export async function validateCommand(opts: { repo: string; ref: string }): Promise<CommandResult> {
  const sha = await resolveCommit(opts.repo, opts.ref);
  const loaded = await loadPolicy(gitRepoReader(opts.repo), sha);
  if (loaded.status === "absent") return { exitCode: 1, text: NOT_ENABLED(opts.ref), json: { enabled: false } };
  // Validation is for a policy about to be used: lines GitHub would ignore are errors here.
  const problems = strictProblems(loaded.problems);
  const failed = loaded.status === "invalid" || hasErrors(problems);
  const summary =
    loaded.status === "ok"
      ? `${CONFIG_FILE} and ${loaded.policy.ownershipFile} at ${opts.ref}: ${Object.keys(loaded.policy.config.roles).length} roles, ${loaded.policy.ownership.rules.length} ownership rules`
      : `${CONFIG_FILE} at ${opts.ref}`;
  const verdict = failed ? `✗ ${summary}: fix the errors above.` : `✓ ${summary}: valid${problems.length ? " (with warnings)" : ""}.`;
  return {
    exitCode: failed ? 1 : 0,
    text: [...problemLines(problems), verdict].join("\n"),
    json: { enabled: true, valid: !failed, problems },
  };
}

/** `squadgate owners`: who owns each path, by which rule, and which asset kinds it is. */
export async function ownersCommand(opts: { repo: string; ref: string; paths: string[] }): Promise<CommandResult> {
  const sha = await resolveCommit(opts.repo, opts.ref);
  const loaded: LoadedPolicy = await loadPolicy(gitRepoReader(opts.repo), sha);
  if (loaded.status !== "ok") {
    const text = loaded.status === "absent" ? NOT_ENABLED(opts.ref) : problemLines(loaded.problems).join("\n");
    return { exitCode: 1, text, json: { enabled: loaded.status !== "absent", problems: loaded.status === "invalid" ? loaded.problems : [] } };
  }
  const entries = opts.paths.map((raw) => describePath(loaded.policy, normalizePath(raw)));
  const text = entries.map((e) => {
    const owners = e.owners.length ? e.owners.join(" ") : "(no owner)";
    const rule = e.rule ? `${loaded.policy.ownershipFile}:${e.rule.line} ${e.rule.pattern}` : "no rule matches";
    return `${e.path}\n  owners: ${owners}\n  rule:   ${rule}\n  kinds:  ${e.kinds.length ? e.kinds.join(", ") : "not an AI asset"}`;
  });
  const errors = problemLines(loaded.problems);
  return { exitCode: hasErrors(loaded.problems) ? 1 : 0, text: [...errors, ...text].join("\n"), json: { entries, problems: loaded.problems } };
}

function describePath(policy: Policy, path: string) {
  const rule = policy.ruleFor(path);
  return {
    path,
    owners: rule ? [...rule.owners] : [],
    rule: rule ? { line: rule.line, pattern: rule.pattern } : null,
    kinds: policy.assets.kindsOf(path),
  };
}

/** Accepts `./prompts/a.txt` and `/prompts/a.txt` as the repository path `prompts/a.txt`. */
const normalizePath = (path: string) => path.replace(/^\.?\/+/, "");

const problemLines = (problems: readonly Problem[]) =>
  problems.map((p) => `${p.severity === "error" ? "error  " : "warning"} ${formatProblem(p)}`);
