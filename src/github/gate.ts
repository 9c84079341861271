import type { GateDecision } from "../core/gate/decide.js";
import { decideSnapshot } from "./decide-snapshot.js";
import { reconcileChecklist } from "./checklist.js";
import { writeEvalComment } from "./evals/eval-comment.js";
import type { CheckWrite } from "./check-run.js";
import { gatherGate, type GateInput, type GateSnapshot } from "./gate-snapshot.js";
import { headReadOf, judgedPull, writeHeadCheck } from "./head-check.js";
import { requestReviews } from "./review-requests.js";
import type { Octokit } from "./types.js";

export type { GateCaches, GateEnv, GateInput } from "./gate-snapshot.js";
export { decideSnapshot } from "./decide-snapshot.js";

export interface GateRun {
  outcome: "not-enabled" | "skipped" | "evaluated";
  reason?: string;
  decision?: GateDecision;
  check?: CheckWrite;
  snapshot?: GateSnapshot;
}

/**
 * Gather -> decide -> reconcile for one pull request. Everything is read fresh from GitHub, so a
 * redelivered, late or concurrent webhook converges on the same check run and review requests.
 */
export async function runGate(octokit: Octokit, input: GateInput, now: () => Date = () => new Date()): Promise<GateRun> {
  const gathered = await gatherGate(octokit, input);
  if (gathered.status === "not-enabled") return { outcome: "not-enabled" };
  if (gathered.status === "skipped") return { outcome: "skipped", reason: gathered.reason };
  return reconcileGate(octokit, gathered.snapshot, now());
}

/**
 * Makes GitHub match the decision: review requests first (their failure is reported in the check),
 * then the pull request's own checklist and eval comment, then the check run of its head, which
 * every open pull request with that head shares.
 */
export async function reconcileGate(octokit: Octokit, snapshot: GateSnapshot, now: Date): Promise<GateRun> {
  const decided = decideSnapshot(snapshot, now);
  const repo = { owner: snapshot.pull.owner, repo: snapshot.pull.repo };
  const requestProblems = await requestReviews(octokit, snapshot.pull, decided.reviewRequests);
  const checklistProblems = snapshot.checklist
    ? await reconcileChecklist(octokit, { pull: snapshot.pull, state: snapshot.checklist, botLogin: snapshot.botLogin, ...(snapshot.comments ? { comments: snapshot.comments } : {}) })
    : [];
  if (snapshot.evals?.comment) {
    await writeEvalComment(octokit, { pull: snapshot.pull, botLogin: snapshot.botLogin, ...(snapshot.comments ? { comments: snapshot.comments } : {}) }, { results: snapshot.evals.comment });
  }
  const decision = { ...decided, problems: [...decided.problems, ...requestProblems, ...checklistProblems] };
  const check = await writeHeadCheck(octokit, {
    env: snapshot.input,
    repo,
    headSha: snapshot.headSha,
    self: snapshot.pull.pull_number,
    primary: judgedPull(snapshot, decision),
    known: headReadOf(snapshot),
    now,
  });
  return { outcome: "evaluated", decision, check, snapshot };
}
