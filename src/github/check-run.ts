import { createHash } from "node:crypto";
import type { Conclusion } from "../core/gate/decide.js";
import { passesOnGitHub } from "../core/gate/verdict.js";
import { byteLength, clipToBytes, GITHUB_LIMITS } from "../core/render/budget.js";
import type { CheckOutput } from "../core/render/check-summary.js";
import type { Annotation } from "../core/render/data-policies.js";
import type { Octokit, RepoRef } from "./types.js";

export const CHECK_NAME = "Squadgate";
/**
 * Our check runs carry `external_id = squadgate:<digest of what they say>`: the digest tells whether
 * a write would change anything, whatever GitHub does to the stored text. Which runs are ours is
 * decided by the app that wrote them, never by the name or this id, which anyone can copy.
 */
const EXTERNAL_ID_PREFIX = "squadgate:";
/** A run put back to "in progress" while the verdict is worked out again; never equal to a digest. */
const PENDING_ID = `${EXTERNAL_ID_PREFIX}pending`;

export interface DesiredCheck {
  headSha: string;
  conclusion: Conclusion;
  output: CheckOutput;
}

/** Our latest check run on a commit, as listed. */
export interface ExistingCheck {
  id: number;
  externalId: string | null;
  /** The machine-readable `output.text` it carries. */
  text: string | null;
  status: string;
  conclusion: string | null;
}

/**
 * Our check run on `headSha`, if any (one read). Only runs our own app created count: a workflow
 * with `checks: write` can create a run named "Squadgate" with any external id, and another app's
 * run can neither be updated by us nor be trusted for what it says.
 */
export async function findCheckRun(
  octokit: Octokit,
  repo: RepoRef,
  headSha: string,
  appId: number,
): Promise<ExistingCheck | undefined> {
  const { data } = await octokit.rest.checks.listForRef({
    ...repo,
    ref: headSha,
    check_name: CHECK_NAME,
    app_id: appId,
    filter: "all",
    per_page: 100,
  });
  const ours = data.check_runs.filter((run) => run.app?.id === appId).sort((a, b) => b.id - a.id)[0];
  return ours
    ? {
        id: ours.id,
        externalId: ours.external_id,
        text: ours.output?.text ?? null,
        status: ours.status,
        conclusion: ours.conclusion,
      }
    : undefined;
}

export type CheckWrite = "created" | "updated" | "unchanged";

/**
 * Makes GitHub show `desired`: creates the run, updates it, or leaves it when it already says the
 * same. `footer` is asked for only when something is written, and is not part of the digest: it
 * describes the repository's settings, not the pull request.
 */
export async function reconcileCheckRun(
  octokit: Octokit,
  repo: RepoRef,
  existing: ExistingCheck | undefined,
  desired: DesiredCheck,
  footer: () => Promise<string | undefined> = async () => undefined,
): Promise<CheckWrite> {
  const { annotations = [], ...output } = desired.output;
  const annotated = annotations.length > 0 ? `${ANNOTATED}${digestOf(annotations)}` : "";
  const externalId = EXTERNAL_ID_PREFIX + digest(desired) + annotated;
  if (existing?.externalId === externalId && existing.status === "completed") return "unchanged";
  const note = await footer();
  const had = annotationsOf(existing);
  const summary = clipToBytes(note ? withFooter(output.summary, note) : output.summary, GITHUB_LIMITS.checkOutput);
  // GitHub adds the annotations of every update to those a run has, and never removes any: a run
  // annotated otherwise is replaced by a new one (GitHub shows the latest), an unannotated one gains them.
  const kept = existing && (had === "" || had === annotated) ? existing : undefined;
  const toSend = had === annotated && kept ? [] : annotations;
  const batches = Math.ceil(toSend.length / GITHUB_LIMITS.annotations);
  // Until the last batch is in, the id says the run's annotations are partial: a write that fails
  // half-way is then replaced by a whole new run at the next event, rather than left short.
  const partial = batches > 1 ? externalId.replace(ANNOTATED, PARTIAL) : externalId;
  const body = {
    ...repo,
    status: "completed" as const,
    conclusion: desired.conclusion,
    external_id: partial,
    // The renderers keep within GitHub's limit; this only guards, so a write is never refused for size.
    output: { ...output, summary, ...batchOf(toSend, 0) },
  };
  let id = kept?.id;
  if (id !== undefined) await octokit.rest.checks.update({ ...body, check_run_id: id });
  else id = (await octokit.rest.checks.create({ ...body, name: CHECK_NAME, head_sha: desired.headSha })).data.id;
  for (let start = GITHUB_LIMITS.annotations; start < toSend.length; start += GITHUB_LIMITS.annotations)
    await octokit.rest.checks.update({
      ...repo,
      check_run_id: id,
      ...(start + GITHUB_LIMITS.annotations >= toSend.length ? { external_id: externalId } : {}),
      output: { title: output.title, summary, ...batchOf(toSend, start) },
    });
  return kept ? "updated" : "created";
}

/** Marks, in the external id, which annotations a run carries (`+p`: only some of them yet). */
const ANNOTATED = "+a";
const PARTIAL = "+p";
const annotationsOf = (existing: ExistingCheck | undefined) => {
  const id = existing?.externalId ?? "";
  const at = Math.max(id.indexOf(ANNOTATED), id.indexOf(PARTIAL));
  return at >= 0 ? id.slice(at) : "";
};

/** GitHub takes at most 50 annotations per request. */
const batchOf = (annotations: readonly Annotation[], start: number) => {
  const batch = annotations.slice(start, start + GITHUB_LIMITS.annotations);
  return batch.length > 0 ? { annotations: batch } : {};
};

const digestOf = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);

/**
 * Takes back a passing verdict while a new one is worked out (the pull request moved to another
 * base). GitHub does not let a completed run go back to in progress, so a new run supersedes it:
 * GitHub shows, and requires, the latest run of a name from one app. A blocking verdict is left as
 * it is, since it already blocks.
 */
export async function markPending(
  octokit: Octokit,
  repo: RepoRef,
  headSha: string,
  existing: ExistingCheck | undefined,
  reason: string,
): Promise<ExistingCheck | undefined> {
  if (existing?.status !== "completed" || !passesOnGitHub(existing.conclusion)) return existing;
  const { data } = await octokit.rest.checks.create({
    ...repo,
    name: CHECK_NAME,
    head_sha: headSha,
    status: "in_progress",
    external_id: PENDING_ID,
    output: { title: "Re-evaluating", summary: reason },
  });
  return { id: data.id, externalId: PENDING_ID, text: null, status: data.status, conclusion: null };
}

/** The note goes last, and only where it fits whole. */
function withFooter(summary: string, note: string): string {
  const footer = `\n\n${note}`;
  return byteLength(summary) + byteLength(footer) <= GITHUB_LIMITS.checkOutput ? summary + footer : summary;
}

function digest(desired: DesiredCheck): string {
  return createHash("sha256")
    .update(
      JSON.stringify([desired.conclusion, desired.output.title, desired.output.summary, desired.output.text ?? ""]),
    )
    .digest("hex")
    .slice(0, 16);
}
