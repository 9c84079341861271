import { ArtifactError, readZipTextFiles } from "../../core/evals/read-zip.js";
import { artifactRefusal, resultsFromFiles, type RunResults } from "../../core/evals/run-results.js";
import { statusOf } from "../repo-reader.js";
import { TtlCache } from "../ttl-cache.js";
import type { Octokit, RepoRef } from "../types.js";

export type { RunResults } from "../../core/evals/run-results.js";

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

async function download(
  octokit: Octokit,
  input: { repo: RepoRef; runId: number; artifact: string; maxBytes: number },
): Promise<RunResults> {
  const label = `artifact "${input.artifact}" of run ${input.runId}`;
  const { data } = await octokit.rest.actions.listWorkflowRunArtifacts({
    ...input.repo,
    run_id: input.runId,
    name: input.artifact,
    per_page: 10,
  });
  const artifact = data.artifacts.find((a) => a.name === input.artifact);
  const refusal = artifactRefusal(artifact, { label, maxBytes: input.maxBytes });
  if (refusal || !artifact) return refusal ?? { suites: [], problems: [] };
  let zip: Buffer;
  try {
    const response = await octokit.rest.actions.downloadArtifact({
      ...input.repo,
      artifact_id: artifact.id,
      archive_format: "zip",
    });
    zip = Buffer.from(response.data as ArrayBuffer);
  } catch (error) {
    if (statusOf(error) === 410 || statusOf(error) === 404)
      return { suites: [], problems: [`${label} is no longer available`] };
    throw error;
  }
  if (zip.length > input.maxBytes)
    return { suites: [], problems: [`${label} is larger than its listing said; refused`] };
  let files: Awaited<ReturnType<typeof readZipTextFiles>>;
  try {
    files = await readZipTextFiles(zip);
  } catch (error) {
    if (error instanceof ArtifactError) return { suites: [], problems: [`${label}: ${error.message}`] };
    throw error;
  }
  return resultsFromFiles(files, label);
}

/** Whether a commit is on a branch: it never stops being, short of a force-push, so answers are kept an hour. */
export type OnBranchCache = TtlCache<boolean>;
export const createOnBranchCache = (): OnBranchCache => new TtlCache({ ttlMs: 3_600_000, maxEntries: 5_000 });

/** Baseline candidates looked at: the newest runs, in case the newest is not what it claims. */
const BASELINE_CANDIDATES = 5;

/**
 * The newest successful push-triggered run of the workflow whose commit is on `branch`: the
 * baseline. GitHub files runs by branch *name*, and a run for a pushed tag named like the branch
 * carries that name too, so each candidate's commit is checked against the branch itself.
 */
export async function latestBaselineRun(
  octokit: Octokit,
  input: { repo: RepoRef; workflow: string; branch: string; onBranch: OnBranchCache },
): Promise<{ run?: BaselineRun; skipped: number }> {
  let runs: BaselineRun[];
  try {
    const { data } = await octokit.rest.actions.listWorkflowRuns({
      ...input.repo,
      workflow_id: input.workflow,
      branch: input.branch,
      event: "push",
      status: "success",
      per_page: BASELINE_CANDIDATES,
    });
    runs = data.workflow_runs;
  } catch (error) {
    if (statusOf(error) === 404) return { skipped: 0 };
    throw error;
  }
  let tip: Promise<string> | undefined;
  for (const [i, run] of runs.entries()) {
    tip ??= octokit.rest.repos.getBranch({ ...input.repo, branch: input.branch }).then(({ data }) => data.commit.sha);
    if (await isOnBranch(octokit, { ...input, sha: run.head_sha, tip })) return { run, skipped: i };
  }
  return { skipped: runs.length };
}

type BaselineRun = { id: number; head_sha: string; html_url: string };

async function isOnBranch(
  octokit: Octokit,
  input: { repo: RepoRef; branch: string; sha: string; tip: Promise<string>; onBranch: OnBranchCache },
): Promise<boolean> {
  const key = `${input.repo.owner}/${input.repo.repo}:${input.branch}:${input.sha}`;
  const cached = input.onBranch.get(key);
  if (cached !== undefined) return cached;
  const tip = await input.tip;
  let answer = tip === input.sha;
  if (!answer) {
    try {
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
        ...input.repo,
        basehead: `${input.sha}...${tip}`,
        per_page: 1,
      });
      answer = data.status === "ahead" || data.status === "identical";
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }
  input.onBranch.set(key, answer);
  return answer;
}
