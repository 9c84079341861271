import type { ConfigResult } from "../config/validate-config.js";
import type { ChecklistEdit } from "../core/checklists/state.js";
import type { EvalGateState } from "../core/evals/state.js";
import type { HeadFacts, PullInfo } from "../core/pull/facts.js";
import { snapshotOf, type PullSnapshot } from "../core/pull/snapshot.js";
import type { KeyedLock } from "../runtime/keyed-lock.js";
import type { CompareCache } from "./changes-since.js";
import type { ResponseCache } from "./conditional-requests.js";
import type { ConfigAbsentCache } from "./repo-reader.js";
import { loadPullFacts } from "./load-pull-facts.js";
import type { PusherCache } from "./pushers.js";
import type { RequiredCheckCache } from "./required-check.js";
import type { IssueComment } from "./sticky-comment.js";
import type { TeamCache } from "./team-members.js";
import type { Octokit, PullRef } from "./types.js";

export { signingScope } from "../core/pull/record.js";

export interface GateCaches {
  teams: TeamCache;
  compares: CompareCache;
  requiredChecks: RequiredCheckCache;
  pushers: PusherCache;
  /** GitHub answers kept for conditional requests (`meterRequests`). */
  responses: ResponseCache;
  /** Branches last seen without their repository's own config (`loadConfig`). */
  configAbsent: ConfigAbsentCache;
}

/** What every evaluation needs from the process: identity, caches, the secret and the queues. */
export interface GateEnv {
  installationId: number;
  caches: GateCaches;
  botLogin: () => Promise<string>;
  /** Our app's id: only check runs it created are ours. */
  appId: () => Promise<number>;
  /** Signs the checklist's record of who ticked what, and the waiver record. */
  secret: string;
  /** Orders writes to a head commit's check run with the other pull requests at that head (absent: no ordering). */
  serializer?: KeyedLock;
}

export interface GateInput extends GateEnv {
  pull: PullRef;
  baseRef: string;
  headSha: string;
  /** The live pull request, when the caller already read it (comment commands do). */
  prefetched?: PullInfo;
  /** The PR's comments, when the caller has just listed (and perhaps written) them in turn. */
  prefetchedComments?: IssueComment[];
  /** The base branch's config, when the caller already read it at `baseRef`. */
  prefetchedConfig?: ConfigResult;
  /** Set when this pull request is judged for a sibling's check write: its head's facts are the caller's. */
  siblingOf?: HeadFacts;
  /** Read the waiver record even without the waiver label (the waiver commands write to it). */
  readRecord?: boolean;
  /** The edit that triggered this run, when someone edited the checklist's text. */
  checklistEdit?: ChecklistEdit;
  /** A fresh eval verdict for `headSha` (from a finished eval run). */
  evalState?: EvalGateState;
}

/** A pull request as the gate sees it, and how it was gathered (siblings are gathered the same way). */
export type GateSnapshot = PullSnapshot & { input: GateInput };

export type Gathered =
  | { status: "not-enabled" }
  | { status: "skipped"; reason: string }
  | { status: "ready"; snapshot: GateSnapshot };

/** Reads the facts the planner asks for (see `planPullFacts`) and assembles the gate's view of the pull request. */
export async function gatherGate(octokit: Octokit, input: GateInput, now: Date = new Date()): Promise<Gathered> {
  const { facts, ctx } = await loadPullFacts(octokit, input);
  const outcome = snapshotOf(facts, ctx, now);
  return outcome.status === "ready" ? { status: "ready", snapshot: { ...outcome.snapshot, input } } : outcome;
}
