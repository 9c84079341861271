import type { Problem } from "../../config/problems.js";
import type { Config } from "../../config/schema.js";
import { checklistState, type ChecklistState } from "../checklists/state.js";
import { committedEvals } from "../evals/committed.js";
import type { EvalGateState } from "../evals/state.js";
import { entryFor } from "../gate/head-state.js";
import type { ChangesSince, PullRequestFacts, TeamMembers } from "../gate/types.js";
import { newProblems, type Policy } from "../policy.js";
import { agentsOf } from "../policies/agents/facts.js";
import type { AgentVerdict } from "../policies/agents/verdict.js";
import { providersOf } from "../policies/providers/facts.js";
import type { ProviderVerdict } from "../policies/providers/verdict.js";
import type { WaiverRecord } from "../waivers.js";
import type { CommentInfo, HeadFacts, PullFacts, PullInfo } from "./facts.js";
import {
  basePolicy,
  checklistCommentText,
  requiredGroups,
  skipReason,
  touched,
  type PullContext,
  type Touched,
} from "./needs.js";
import { readWaiverRecord, signingScope } from "./record.js";
import { dataPolicies, dataPolicyTemplates, type DataPolicies } from "./data-policies.js";

/** Everything the gate decides one pull request on, assembled from its facts. */
export interface PullSnapshot {
  pull: PullContext["pull"];
  pr: PullInfo;
  headSha: string;
  head: HeadFacts;
  /** null: the base policy is invalid; `problems` says why. */
  policy: Policy | null;
  problems: Problem[];
  facts: PullRequestFacts;
  teamMembers: TeamMembers;
  changesSince: ChangesSince;
  record: WaiverRecord;
  /** The record comment was edited by hand: the next record goes into a new comment, leaving it as evidence. */
  recordTampered?: true;
  /** The comments, when they were read (for the waiver record or the checklist comment). */
  comments?: CommentInfo[];
  checklist?: ChecklistState;
  /** Present when evals are configured: the verdict for the head commit and, for committed results, a fresh comment. */
  evals?: { state?: EvalGateState; required: boolean; comment?: string };
  /** Written by an AI agent, when the agents policy is on and finds signs of one. */
  agents?: AgentVerdict;
  /** Changes of model provider, when the providers policy is on. */
  providers?: ProviderVerdict;
  /** What the licence and sensitive-data policies found, when configured. */
  dataPolicies?: DataPolicies;
}

export type PullOutcome =
  | { status: "not-enabled" }
  | { status: "skipped"; reason: string }
  | { status: "ready"; snapshot: PullSnapshot };

/** The pull request as the gate sees it, from the facts the planner asked for. Pure. */
export function snapshotOf(facts: PullFacts, ctx: PullContext, now: Date): PullOutcome {
  const config = facts.config.config;
  if (!config && facts.config.problems.length === 0) return { status: "not-enabled" };
  const { pr, files, head } = facts;
  if (!pr || !files || !head) throw new Error("the pull request, its files and its head must be read first");
  const skip = skipReason(pr, ctx, config?.drafts);
  if (skip) return { status: "skipped", reason: skip };
  const t = touched(facts, ctx);
  const waivers = readWaiverRecord(facts, ctx, t.hasWaivers);
  const base = basePolicy(facts);
  const common = {
    pull: ctx.pull,
    pr,
    headSha: pr.head.sha,
    head,
    facts: pullRequestFacts(pr, facts),
    record: waivers.record,
    ...(waivers.tampered ? { recordTampered: true as const } : {}),
    ...(facts.comments ? { comments: facts.comments } : {}),
    ...evalsOf(facts, ctx, now),
    ...(config?.licences || config?.sensitive_data ? { dataPolicies: dataPolicies(facts) } : {}),
  };
  const headPolicy = facts.headPolicyProblems ?? [];
  if (base.status !== "ok") {
    const problems = [...(base.status === "invalid" ? base.problems : []), ...headPolicy, ...waivers.problems];
    return {
      status: "ready",
      snapshot: { ...common, policy: null, problems, teamMembers: new Map(), changesSince: new Map() },
    };
  }
  const checklist = checklistOf(facts, ctx, base.policy.config, t);
  const problems = [
    ...base.problems,
    ...(facts.teams?.problems ?? []),
    ...(facts.pushers?.problem ? [facts.pushers.problem] : []),
    ...waivers.problems,
    ...(checklist?.problems ?? []),
    ...newProblems(headPolicy, base.problems),
  ];
  // Who wrote the pull request matters only where a role must approve it.
  const agents = requiredGroups(facts, base.policy).length > 0 ? agentsOf(facts, base.policy.config) : undefined;
  const providers = providersOf(facts, base.policy.config);
  const snapshot: PullSnapshot = {
    ...common,
    policy: base.policy,
    problems,
    teamMembers: facts.teams?.members ?? new Map(),
    changesSince: facts.changesSince ?? new Map(),
    ...(agents ? { agents } : {}),
    ...(providers ? { providers } : {}),
  };
  return { status: "ready", snapshot: checklist ? { ...snapshot, checklist } : snapshot };
}

/** The checklist's state (templates, ticks, who ticked), when checklists are on. */
export function checklistOf(
  facts: PullFacts,
  ctx: PullContext,
  config: Config,
  t: Touched,
): ChecklistState | undefined {
  return checklistState({
    config,
    kinds: t.kinds,
    files: facts.templateFiles ?? new Map(),
    body: facts.pr?.body ?? "",
    comment: t.checklistInComment ? checklistCommentText(facts, ctx) : undefined,
    scope: signingScope(ctx.pull, ctx.secret),
    extra: dataPolicyTemplates(dataPolicies(facts)),
    ...(ctx.checklistEdit ? { edit: ctx.checklistEdit } : {}),
  });
}

/**
 * The eval verdict for the head: a fresh one from this event, else the committed results', else
 * what our check run remembers for this pull request at this head. A remembered state that does not
 * read back holds the gate rather than pass on a guess.
 */
function evalsOf(facts: PullFacts, ctx: PullContext, now: Date): { evals?: NonNullable<PullSnapshot["evals"]> } {
  const evals = facts.config.config?.evals;
  const { pr, head } = facts;
  if (!evals || !pr || !head) return {};
  const headSha = pr.head.sha;
  const committed = facts.committedEvals
    ? committedEvals(facts.committedEvals, { config: evals, baseRef: ctx.baseRef, headSha, now })
    : undefined;
  const recorded = head.state.ok ? entryFor(head.state.state, ctx.pull.number)?.evals : unreadableEvals(headSha);
  const state = ctx.evalState?.headSha === headSha ? ctx.evalState : (committed?.state ?? recorded);
  return {
    evals: {
      required: evals.required,
      ...(state ? { state } : {}),
      ...(committed ? { comment: committed.comment } : {}),
    },
  };
}

const unreadableEvals = (headSha: string): EvalGateState => ({
  headSha,
  status: "incomplete",
  notes: [
    "the eval verdict stored on this check could not be read back, so it cannot pass the gate; run /eval (or push) to evaluate this commit again",
  ],
  updatedAt: new Date(0).toISOString(),
});

function pullRequestFacts(pr: PullInfo, facts: PullFacts): PullRequestFacts {
  return {
    author: pr.author,
    draft: pr.draft,
    headSha: pr.head.sha,
    owner: pr.base.owner,
    files: facts.files?.list ?? [],
    filesComplete: facts.files?.complete ?? true,
    reviews: facts.reviews ?? [],
    requestedUsers: pr.requestedUsers,
    requestedTeams: pr.requestedTeams,
    ...(facts.pushers ? { pushers: facts.pushers.logins } : {}),
  };
}
