import { strictProblems, type Problem } from "../config/problems.js";
import type { ConfigResult } from "../config/validate-config.js";
import { CONFIG_FILE, type Config } from "../config/schema.js";
import { assemblePolicy, buildPolicy, type LoadedPolicy } from "../core/policy.js";

export { assemblePolicy, newProblems, type LoadedPolicy } from "../core/policy.js";

/** What the engine needs from a repository at some ref; GitHub and local git both provide it. */
export interface RepoReader {
  /** The validated squadgate config at `ref`, or `config: null` with no problems when the repo has none. */
  loadConfig(ref: string): Promise<ConfigResult>;
  /** A file's text at `ref`, or null when it does not exist there. */
  readFile(path: string, ref: string): Promise<string | null>;
}

export async function loadPolicy(reader: RepoReader, ref: string): Promise<LoadedPolicy> {
  const config = await reader.loadConfig(ref);
  const ownershipText = config.config ? await reader.readFile(config.config.ownership.file, ref) : null;
  return assemblePolicy(config, ownershipText);
}

/**
 * A pull request that edits the policy gets it checked at its head, so a broken config or ownership
 * file cannot merge unnoticed (the gate itself always runs on the base branch's policy).
 */
export async function validatePolicyChange(
  reader: RepoReader,
  input: {
    headRef: string;
    changedPaths: readonly string[];
    ownershipFile: string | undefined;
    baseConfig?: Config | null;
  },
): Promise<Problem[]> {
  const touched = input.changedPaths.some((path) => path === CONFIG_FILE || path === input.ownershipFile);
  if (!touched) return [];
  const head = await loadPolicy(reader, input.headRef);
  if (head.status === "absent") return [];
  const problems =
    head.status === "invalid" ? [...head.problems, ...(await ownershipAgainstBase(reader, input))] : head.problems;
  return strictProblems(problems).map((problem) => ({ ...problem, introduced: true }));
}

/**
 * With the pull request's config broken, its ownership file is still checked, against the base's
 * roles, so that every problem is reported at once rather than one file per push.
 */
async function ownershipAgainstBase(
  reader: RepoReader,
  input: { headRef: string; changedPaths: readonly string[]; baseConfig?: Config | null },
): Promise<Problem[]> {
  const base = input.baseConfig;
  if (!base || !input.changedPaths.includes(base.ownership.file)) return [];
  const text = await reader.readFile(base.ownership.file, input.headRef);
  if (text === null) return [];
  return buildPolicy({ config: base, ownershipText: text }).problems.filter(
    (p) => p.file === base.ownership.file && p.concerns === undefined,
  );
}
