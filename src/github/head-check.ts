import type { EvalGateState } from "../core/evals/state.js";
import { nextHeadState, recordedPulls, type HeadStateRead } from "../core/gate/head-state.js";
import { requiredCheckNote } from "../core/render/check-summary.js";
import { combineHeadVerdicts, type HeadVerdict } from "../core/render/head-check.js";
import { headCommitKey } from "../handlers/keyed-serializer.js";
import { findCheckRun, reconcileCheckRun, type CheckWrite, type ExistingCheck } from "./check-run.js";
import { headStateText, readHeadState } from "./evals/gate-evals.js";
import { decideSnapshot } from "./decide-snapshot.js";
import { gatherGate, type GateEnv, type GateSnapshot } from "./gate-snapshot.js";
import { fetchPullRequest, openPullsAtHead, type PullRequest } from "./pull-request.js";
import { readRequiredCheck } from "./required-check.js";
import type { Octokit, RepoRef } from "./types.js";

/** A verdict for the head's check run, with what the run must remember for that pull request. */
export type JudgedPull = HeadVerdict & { evals?: EvalGateState };

/**
 * Writes the one Squadgate check run of `headSha` so that it holds for every open pull request with
 * that head: the strictest of their verdicts. `primary` is the pull request just evaluated (absent
 * when it turned out not to be gated here); the others are judged again from GitHub, read-only.
 * Writes to one head take turns, and a turn that finds the run changed since `known` was read
 * reads it again, so two pull requests sharing a head cannot overwrite each other's verdicts.
 */
export async function writeHeadCheck(
  octokit: Octokit,
  input: { env: GateEnv; repo: RepoRef; headSha: string; self: number; primary?: JudgedPull; known: HeadRead; now: Date },
): Promise<CheckWrite> {
  const key = headCommitKey(input.env.installationId, input.repo.owner, input.repo.repo, input.headSha);
  const write = async (): Promise<CheckWrite> => {
    const moved = input.env.serializer !== undefined && (await input.env.serializer.mark(key)) !== input.known.mark;
    const head = moved ? await readHeadNow(octokit, input) : input.known;
    const others = await judgeOthers(octokit, { ...input, head });
    const verdicts = [...(input.primary ? [input.primary] : []), ...others];
    const state = nextHeadState(head.state.ok ? head.state.state : { v: 1, pulls: {} }, verdicts, input.now);
    const combined = combineHeadVerdicts(verdicts) ?? notGated();
    const base = combined.strictest?.baseRef;
    const footer = async () => {
      const status = base ? await requiredCheckOf(octokit, { env: input.env, repo: input.repo, branch: base }) : null;
      return status && base ? requiredCheckNote(status, base) : undefined;
    };
    return reconcileCheckRun(
      octokit,
      input.repo,
      head.check,
      { headSha: input.headSha, conclusion: combined.conclusion, output: { ...combined.output, text: headStateText(state) } },
      footer,
    );
  };
  return input.env.serializer ? input.env.serializer.run(key, write) : write();
}

/**
 * How `branch` requires the Squadgate check (cached an hour). Started early, alongside the other
 * writes, so a check write seldom waits for it.
 */
export async function requiredCheckOf(octokit: Octokit, input: { env: GateEnv; repo: RepoRef; branch: string }) {
  const appId = await input.env.appId();
  return readRequiredCheck(octokit, { repo: input.repo, branch: input.branch, appId, installationId: input.env.installationId, cache: input.env.caches.requiredChecks });
}

/** The head's check run and its state as read at some point, with the head's queue mark then. */
export interface HeadRead {
  check: ExistingCheck | undefined;
  state: HeadStateRead;
  mark: number;
  /** Open pull requests GitHub associated with the head when it was read. */
  pulls?: PullRequest[];
}

export const headReadOf = (snapshot: GateSnapshot): HeadRead => ({
  check: snapshot.existingCheck,
  state: snapshot.headState,
  mark: snapshot.checkMark,
  ...(snapshot.headPulls ? { pulls: snapshot.headPulls } : {}),
});

async function readHeadNow(octokit: Octokit, input: { env: GateEnv; repo: RepoRef; headSha: string; known: HeadRead }): Promise<HeadRead> {
  const check = await findCheckRun(octokit, input.repo, input.headSha, await input.env.appId());
  return { ...input.known, check, state: readHeadState(check) };
}

/**
 * The other open pull requests at the head, judged as their own events would judge them. They are
 * the ones GitHub associates with the commit and the ones the check run recorded earlier. Right
 * after a push GitHub's association can lag (it does not yet list the pull request we know is
 * there); then every open pull request is listed instead, so none is missed.
 */
async function judgeOthers(octokit: Octokit, input: { env: GateEnv; repo: RepoRef; headSha: string; self: number; head: HeadRead; now: Date }): Promise<JudgedPull[]> {
  const listed = input.head.pulls?.some((pr) => pr.number === input.self) ? input.head.pulls : await openPullsAtHead(octokit, input.repo, input.headSha);
  const known = new Map<number, PullRequest | undefined>(listed.map((pr) => [pr.number, pr]));
  if (input.head.state.ok) for (const number of recordedPulls(input.head.state.state)) if (!known.has(number)) known.set(number, undefined);
  known.delete(input.self);
  const judged = await Promise.all([...known].map(([number, pr]) => judgeSibling(octokit, { ...input, number, pr })));
  return judged.filter((v): v is JudgedPull => v !== undefined);
}

async function judgeSibling(
  octokit: Octokit,
  input: { env: GateEnv; repo: RepoRef; headSha: string; head: HeadRead; number: number; pr: PullRequest | undefined; now: Date },
): Promise<JudgedPull | undefined> {
  const pull = { ...input.repo, pull_number: input.number };
  const pr = input.pr ?? (await fetchPullRequest(octokit, pull));
  if (pr.state !== "open" || pr.head.sha !== input.headSha) return undefined;
  const gathered = await gatherGate(octokit, {
    ...input.env,
    pull,
    baseRef: pr.base.ref,
    headSha: input.headSha,
    prefetched: pr,
    siblingOf: { existingCheck: input.head.check, headState: input.head.state },
  });
  if (gathered.status !== "ready") return undefined;
  return judgedPull(gathered.snapshot, decideSnapshot(gathered.snapshot, input.now));
}

/** How a decided pull request stands on its head's check run. */
export function judgedPull(snapshot: GateSnapshot, decision: ReturnType<typeof decideSnapshot>): JudgedPull {
  const evals = decision.evals?.state;
  return { number: snapshot.pull.pull_number, baseRef: snapshot.pr.base.ref, decision, policy: snapshot.policy, ...(evals ? { evals } : {}) };
}

/** Nothing at this head is gated any more (the pull request moved to a base without a policy). */
const notGated = () => ({
  conclusion: "neutral" as const,
  output: { title: "Not gated", summary: "No open pull request with this commit as its head is gated by Squadgate now, so this check asks nothing." },
  strictest: undefined,
});
