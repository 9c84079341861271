import { createHash } from "node:crypto";
import type { Conclusion } from "../core/gate/decide.js";
import { clipToBytes, GITHUB_LIMITS } from "../core/render/budget.js";
import type { CheckOutput } from "../core/render/check-summary.js";
import type { Octokit, RepoRef } from "./types.js";

export const CHECK_NAME = "Squadgate";
/**
 * Our check runs carry `external_id = squadgate:<digest of what they say>`. The prefix tells them from
 * a workflow job that happens to be named "Squadgate"; the digest tells whether a write would change
 * anything, whatever GitHub does to the stored text.
 */
const EXTERNAL_ID_PREFIX = "squadgate:";

export interface DesiredCheck {
  headSha: string;
  conclusion: Conclusion;
  output: CheckOutput;
}

/** Our check run as listed: its id, digest and the machine-readable `output.text` it carries. */
export type ExistingCheck = { id: number; externalId: string | null; text: string | null };

/** Our check run on `headSha`, if any (one read). */
export async function findCheckRun(octokit: Octokit, repo: RepoRef, headSha: string): Promise<ExistingCheck | undefined> {
  const { data } = await octokit.rest.checks.listForRef({ ...repo, ref: headSha, check_name: CHECK_NAME, filter: "all", per_page: 100 });
  const ours = data.check_runs
    .filter((run) => run.external_id?.startsWith(EXTERNAL_ID_PREFIX))
    .sort((a, b) => b.id - a.id)[0];
  return ours ? { id: ours.id, externalId: ours.external_id, text: ours.output?.text ?? null } : undefined;
}

export type CheckWrite = "created" | "updated" | "unchanged";

/** Makes GitHub show `desired`: creates the run, updates it, or leaves it when it already says the same. */
export async function reconcileCheckRun(
  octokit: Octokit,
  repo: RepoRef,
  existing: ExistingCheck | undefined,
  desired: DesiredCheck,
): Promise<CheckWrite> {
  const externalId = EXTERNAL_ID_PREFIX + digest(desired);
  if (existing?.externalId === externalId) return "unchanged";
  const body = {
    ...repo,
    status: "completed" as const,
    conclusion: desired.conclusion,
    external_id: externalId,
    // The renderers keep within GitHub's limit; this only guards, so a write is never refused for size.
    output: { ...desired.output, summary: clipToBytes(desired.output.summary, GITHUB_LIMITS.checkOutput) },
  };
  if (existing) {
    await octokit.rest.checks.update({ ...body, check_run_id: existing.id });
    return "updated";
  }
  await octokit.rest.checks.create({ ...body, name: CHECK_NAME, head_sha: desired.headSha });
  return "created";
}

function digest(desired: DesiredCheck): string {
  return createHash("sha256")
    .update(JSON.stringify([desired.conclusion, desired.output.title, desired.output.summary, desired.output.text ?? ""]))
    .digest("hex")
    .slice(0, 16);
}
