import type { SuiteResult } from "./model.js";
import { parseResultFile } from "./parse-results.js";
import { COMMIT_FILE, isCommitFile, type ZipFileEntry } from "./read-zip.js";

export interface RunResults {
  suites: SuiteResult[];
  /** What could not be read, each naming the artifact or file. */
  problems: string[];
  /** The commit the run says it evaluated (its commit file), when it says so. */
  commit?: string;
}

/** An artifact as GitHub lists it. */
export interface ArtifactListing {
  name: string;
  expired: boolean;
  size_in_bytes: number;
}

const refused = (problem: string): RunResults => ({ suites: [], problems: [problem] });

/** Why an artifact is not downloaded at all: missing, expired, or over the size limit. */
export function artifactRefusal(
  artifact: ArtifactListing | undefined,
  input: { label: string; maxBytes: number },
): RunResults | undefined {
  const { label, maxBytes } = input;
  if (!artifact) return refused(`${label} does not exist (upload it with actions/upload-artifact)`);
  if (artifact.expired) return refused(`${label} has expired`);
  if (artifact.size_in_bytes > maxBytes)
    return refused(
      `${label} is ${(artifact.size_in_bytes / 1024 / 1024).toFixed(1)} MB; the limit is ${(maxBytes / 1024 / 1024).toFixed(0)} MB (evals.max_artifact_mb)`,
    );
  return undefined;
}

/** The suites in an artifact's files (each parsed by its format), and the commit its commit file names. */
export function resultsFromFiles(files: readonly ZipFileEntry[], label: string): RunResults {
  const commitFile = files.find((f) => isCommitFile(f.name));
  const results = files.filter((f) => !isCommitFile(f.name));
  if (results.length === 0) return refused(`${label} holds no result file (.json, .yaml or an inspect_ai .eval log)`);
  const suites: SuiteResult[] = [];
  const problems: string[] = [];
  for (const file of results) {
    const parsed = parseResultFile(file.name, file.text);
    if (parsed.ok) suites.push(parsed.result);
    else problems.push(`${label}: ${parsed.error}`);
  }
  const commit = commitFile?.text.trim().toLowerCase();
  const valid = commit !== undefined && /^[0-9a-f]{40}$/.test(commit);
  if (commitFile && !valid) problems.push(`${label}: ${COMMIT_FILE} must hold the evaluated commit's 40-character SHA`);
  return { suites, problems, ...(valid ? { commit } : {}) };
}

/**
 * Whether a run's results prove they are about `sha`: the artifact must name the commit it
 * evaluated, since a run's title, branch and trigger are all things a writer can choose.
 */
export function commitProblem(results: RunResults, sha: string, what: string): string | undefined {
  if (results.suites.length === 0 || results.commit === sha) return undefined;
  if (results.commit === undefined) {
    return `${what} does not say which commit it evaluated, so its numbers cannot count: write the evaluated commit's SHA to ${COMMIT_FILE} in the artifact (see examples/squadgate-eval.yml)`;
  }
  return `${what} evaluated ${results.commit.slice(0, 7)}, not ${sha.slice(0, 7)}, so its numbers cannot count for ${sha.slice(0, 7)}`;
}
