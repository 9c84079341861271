import { ArtifactError, readZipTextFiles } from "../../core/evals/read-zip.js";
import type { SuiteResult } from "../../core/evals/model.js";
import { parseResultFile } from "../../core/evals/parse-results.js";
import { statusOf } from "../repo-reader.js";
import { TtlCache } from "../ttl-cache.js";
import type { Octokit, RepoRef } from "../types.js";

export interface RunResults {
  suites: SuiteResult[];
  /** What could not be read, each naming the artifact or file. */
  problems: string[];
}

/** A finished run's artifact never changes: parsed results are reused for a day (baselines especially). */
export type ResultsCache = TtlCache<RunResults>;
export const createResultsCache = () => new TtlCache<RunResults>({ ttlMs: 86_400_000, maxEntries: 500 });

/**
 * The suites in a run's result artifact: found by name, refused when expired or over the size
 * limit, unzipped with bounds, each file parsed (promptfoo or metrics). Never throws for bad
 * artifacts; it reports them.
 */
export async function readRunResults(
  octokit: Octokit,
  input: { repo: RepoRef; runId: number; artifact: string; maxBytes: number; cache: ResultsCache },
): Promise<RunResults> {
  const key = `${input.repo.owner}/${input.repo.repo}:${input.runId}:${input.artifact}`;
  const cached = input.cache.get(key);
  if (cached) return cached;
  const results = await download(octokit, input);
  input.cache.set(key, results);
  return results;
}

async function download(octokit: Octokit, input: { repo: RepoRef; runId: number; artifact: string; maxBytes: number }): Promise<RunResults> {
  const label = `artifact "${input.artifact}" of run ${input.runId}`;
  const { data } = await octokit.rest.actions.listWorkflowRunArtifacts({ ...input.repo, run_id: input.runId, name: input.artifact, per_page: 10 });
  const artifact = data.artifacts.find((a) => a.name === input.artifact);
  if (!artifact) return { suites: [], problems: [`${label} does not exist (upload it with actions/upload-artifact)`] };
  if (artifact.expired) return { suites: [], problems: [`${label} has expired`] };
  if (artifact.size_in_bytes > input.maxBytes) {
    return { suites: [], problems: [`${label} is ${(artifact.size_in_bytes / 1024 / 1024).toFixed(1)} MB; the limit is ${(input.maxBytes / 1024 / 1024).toFixed(0)} MB (evals.max_artifact_mb)`] };
  }
  let zip: Buffer;
  try {
    const response = await octokit.rest.actions.downloadArtifact({ ...input.repo, artifact_id: artifact.id, archive_format: "zip" });
    zip = Buffer.from(response.data as ArrayBuffer);
  } catch (error) {
    if (statusOf(error) === 410 || statusOf(error) === 404) return { suites: [], problems: [`${label} is no longer available`] };
    throw error;
  }
  if (zip.length > input.maxBytes) return { suites: [], problems: [`${label} is larger than its listing said; refused`] };
  let files;
  try {
    files = await readZipTextFiles(zip);
  } catch (error) {
    if (error instanceof ArtifactError) return { suites: [], problems: [`${label}: ${error.message}`] };
    throw error;
  }
  if (files.length === 0) return { suites: [], problems: [`${label} holds no .json or .yaml result file`] };
  const suites: SuiteResult[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const parsed = parseResultFile(file.name, file.text);
    if (parsed.ok) suites.push(parsed.result);
    else problems.push(`${label}: ${parsed.error}`);
  }
  return { suites, problems };
}

/** The newest successful push-triggered run of the workflow on `branch`: the baseline. */
export async function latestBaselineRun(octokit: Octokit, input: { repo: RepoRef; workflow: string; branch: string }) {
  try {
    const { data } = await octokit.rest.actions.listWorkflowRuns({
      ...input.repo,
      workflow_id: input.workflow,
      branch: input.branch,
      event: "push",
      status: "success",
      per_page: 1,
    });
    return data.workflow_runs[0];
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}
