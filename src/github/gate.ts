import type { GateDecision } from "../core/gate/decide.js";
import { decideSnapshot } from "../core/pull/decide.js";
import { pullWrites } from "../core/pull/writes.js";
import { applyWrites } from "./apply-writes.js";
import type { CheckWrite } from "./check-run.js";
import { gatherGate, type GateInput, type GateSnapshot } from "./gate-snapshot.js";
import { judgedPull } from "../core/render/head-check.js";
import { headReadOf, writeHeadCheck } from "./head-check.js";
import type { Octokit } from "./types.js";
import type { Problem } from "../config/problems.js";
import type { Write } from "../core/writes.js";
import { lowBudget, spendOf } from "./conditional-requests.js";

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
  const { writes, deferred } = withinBudget(planned.writes, lowBudget(spendOf(octokit)));
  const applied = await applyWrites(octokit, target, writes);
  const decision = {
    ...decided,
    problems: [...decided.problems, ...planned.problems, ...applied.problems, ...deferred],
  };
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

/** What can wait for a later event when the installation's budget runs low: only the gate's own writes cannot. */
const DEFERRABLE = new Set<Write["kind"]>(["sticky", "description", "eval-results"]);

/**
 * With the budget low, the check and review requests are still written; comments and the checklist
 * are refreshed at a later event, and the check says so rather than the app failing mid-way.
 */
function withinBudget(
  writes: readonly Write[],
  low: ReturnType<typeof lowBudget>,
): { writes: readonly Write[]; deferred: Problem[] } {
  const deferrable = writes.filter((write) => DEFERRABLE.has(write.kind));
  if (!low || deferrable.length === 0) return { writes, deferred: [] };
  const until = low.reset ? ` until ${new Date(low.reset * 1000).toISOString().slice(11, 16)} UTC` : "";
  return {
    writes: writes.filter((write) => !DEFERRABLE.has(write.kind)),
    deferred: [
      {
        severity: "warning",
        file: "GitHub API",
        message: `this installation's request budget is low (${low.remaining} left${until}): Squadgate wrote this check and its review requests, and left its comments and the checklist for a later event`,
      },
    ],
  };
}
