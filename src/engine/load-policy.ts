import { strictProblems, type Problem } from "../config/problems.js";
import type { ConfigResult } from "../config/validate-config.js";
import { CONFIG_FILE, type Config } from "../config/schema.js";
import { buildPolicy, type Policy } from "../core/policy.js";

/** What the engine needs from a repository at some ref; GitHub and local git both provide it. */
export interface RepoReader {
  /** The validated squadgate config at `ref`, or `config: null` with no problems when the repo has none. */
  loadConfig(ref: string): Promise<ConfigResult>;
  /** A file's text at `ref`, or null when it does not exist there. */
  readFile(path: string, ref: string): Promise<string | null>;
}

export type LoadedPolicy =
  | { status: "absent" }
  | { status: "invalid"; problems: Problem[] }
  | { status: "ok"; policy: Policy; problems: Problem[] };

export async function loadPolicy(reader: RepoReader, ref: string): Promise<LoadedPolicy> {
  const config = await reader.loadConfig(ref);
  const ownershipText = config.config ? await reader.readFile(config.config.ownership.file, ref) : null;
  return assemblePolicy(config, ownershipText);
}

/** The policy from a loaded config and the text of the ownership file it names (read by the caller, possibly in parallel with other reads). */
export function assemblePolicy({ config, problems }: ConfigResult, ownershipText: string | null): LoadedPolicy {
  if (!config) return problems.length ? { status: "invalid", problems } : { status: "absent" };
  const built = buildPolicy({ config, ownershipText });
  return { status: "ok", policy: built.policy, problems: [...problems, ...built.problems] };
}

/**
 * A pull request that edits the policy gets it checked at its head, so a broken config or ownership
 * file cannot merge unnoticed (the gate itself always runs on the base branch's policy).
 */
export async function validatePolicyChange(
  reader: RepoReader,
  input: { headRef: string; changedPaths: readonly string[]; ownershipFile: string | undefined; baseConfig?: Config | null },
): Promise<Problem[]> {
  const touched = input.changedPaths.some((path) => path === CONFIG_FILE || path === input.ownershipFile);
  if (!touched) return [];
  const head = await loadPolicy(reader, input.headRef);
  if (head.status === "absent") return [];
  const problems = head.status === "invalid" ? [...head.problems, ...(await ownershipAgainstBase(reader, input))] : head.problems;
  return strictProblems(problems).map((problem) => ({ ...problem, message: `${IN_PULL_REQUEST}${problem.message}` }));
}

/**
 * With the pull request's config broken, its ownership file is still checked, against the base's
 * roles, so that every problem is reported at once rather than one file per push.
 */
async function ownershipAgainstBase(reader: RepoReader, input: { headRef: string; changedPaths: readonly string[]; baseConfig?: Config | null }): Promise<Problem[]> {
  const base = input.baseConfig;
  if (!base || !input.changedPaths.includes(base.ownership.file)) return [];
  const text = await reader.readFile(base.ownership.file, input.headRef);
  if (text === null) return [];
  return buildPolicy({ config: base, ownershipText: text }).problems.filter((p) => p.file === base.ownership.file && p.concerns === undefined);
}

const IN_PULL_REQUEST = "in this pull request: ";

/**
 * The head's problems that the base branch does not already have: those are the pull request's
 * doing. Matched by file and message, not line (an edit above a line moves it), once per base copy.
 */
export function newProblems(head: readonly Problem[], base: readonly Problem[]): Problem[] {
  const key = (file: string, message: string) => `${file}\n${message}`;
  const onBase = new Map<string, number>();
  for (const p of base) onBase.set(key(p.file, p.message), (onBase.get(key(p.file, p.message)) ?? 0) + 1);
  return head.filter((p) => {
    const k = key(p.file, p.message.startsWith(IN_PULL_REQUEST) ? p.message.slice(IN_PULL_REQUEST.length) : p.message);
    const left = onBase.get(k) ?? 0;
    if (left > 0) onBase.set(k, left - 1);
    return left === 0;
  });
}
