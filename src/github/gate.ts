import type { GateDecision } from "../core/gate/decide.js";
import { decideSnapshot } from "../core/pull/decide.js";
import { pullWrites } from "../core/pull/writes.js";
import { applyWrites } from "./apply-writes.js";
import type { CheckWrite } from "./check-run.js";
import { gatherGate, type GateInput, type GateSnapshot } from "./gate-snapshot.js";
import { judgedPull } from "../core/render/head-check.js";
import { headReadOf, writeHeadCheck } from "./head-check.js";
import type { Octokit } from "./types.js";

export type { GateCaches, GateEnv, GateInput } from "./gate-snapshot.js";
export { decideSnapshot } from "../core/pull/decide.js";

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
export async function runGate(
  octokit: Octokit,
  input: GateInput,
  now: () => Date = () => new Date(),
): Promise<GateRun> {
  const gathered = await gatherGate(octokit, input);
  if (gathered.status === "not-enabled") return { outcome: "not-enabled" };
  if (gathered.status === "skipped") return { outcome: "skipped", reason: gathered.reason };
  return reconcileGate(octokit, gathered.snapshot, now());
}

/** The pull request's REST reference, from the gate's. */
export const pullRefOf = (snapshot: GateSnapshot) => ({
  owner: snapshot.pull.owner,
  repo: snapshot.pull.repo,
  pull_number: snapshot.pull.number,
});

/**
 * Makes GitHub match the decision: the pull request's own writes first (review requests, whose
 * refusal is reported in the check; the checklist; the eval comment), then the check run of its
 * head, which every open pull request with that head shares.
 */
export async function reconcileGate(octokit: Octokit, snapshot: GateSnapshot, now: Date): Promise<GateRun> {
  const decided = decideSnapshot(snapshot, now);
  const planned = pullWrites(snapshot, decided);
  const target = {
    pull: pullRefOf(snapshot),
    botLogin: snapshot.input.botLogin,
    ...(snapshot.comments ? { comments: snapshot.comments } : {}),
  };
  const applied = await applyWrites(octokit, target, planned.writes);
  const decision = { ...decided, problems: [...decided.problems, ...planned.problems, ...applied.problems] };
  const check = await writeHeadCheck(octokit, {
    env: snapshot.input,
    repo: { owner: snapshot.pull.owner, repo: snapshot.pull.repo },
    headSha: snapshot.headSha,
    self: snapshot.pull.number,
    primary: judgedPull(snapshot, decision),
    known: headReadOf(snapshot),
    now,
  });
  return { outcome: "evaluated", decision, check, snapshot };
}
