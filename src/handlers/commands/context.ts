import { NOT_ENABLED, NOT_GATED } from "../../core/commands/replies.js";
import { gatherGate, type Gathered, type GateInput, type GateSnapshot } from "../../github/gate-snapshot.js";
import { pullInfo, type PullRequest } from "../../github/pull-request.js";
import type { Octokit, PullRef, RepoRef } from "../../github/types.js";
import { gateEnv, type GateDeps } from "../gate.js";

export interface CommandContext {
  octokit: Octokit;
  repo: RepoRef;
  pull: PullRef;
  installationId: number;
  deps: GateDeps;
  commenter: string;
  comment: { id: number; url: string; createdAt: string };
  /** The live pull request, read once per comment (again after `forgetPullRequest`). */
  pullRequest(): Promise<PullRequest>;
  /** A command changed the pull request (a label): the next command reads it afresh. */
  forgetPullRequest(): void;
  now(): Date;
}

/** What a command reports back: `ok` picks the reaction; `reply`, when set, is said in one comment. */
export interface CommandOutcome {
  ok: boolean;
  reply?: string;
}

/** The gate's view of the pull request, as the gate handler would gather it. */
export async function gatherFor(ctx: CommandContext, options: Pick<GateInput, "readRecord"> = {}): Promise<Gathered> {
  const pr = await ctx.pullRequest();
  return gatherGate(ctx.octokit, {
    ...gateEnv(ctx.deps, ctx.installationId),
    pull: ctx.pull,
    baseRef: pr.base.ref,
    headSha: pr.head.sha,
    prefetched: pullInfo(pr),
    ...options,
  });
}

/** The gate's view, or the reply saying why this pull request is not Squadgate's to serve now. */
export async function gatherOrReply(
  ctx: CommandContext,
  options: Pick<GateInput, "readRecord"> = {},
): Promise<GateSnapshot | CommandOutcome> {
  const gathered = await gatherFor(ctx, options);
  if (gathered.status === "ready") return gathered.snapshot;
  return { ok: false, reply: gathered.status === "not-enabled" ? NOT_ENABLED : NOT_GATED(gathered.reason) };
}

/** Whether a gathering ended in a reply rather than a snapshot. */
export const isReply = (value: GateSnapshot | CommandOutcome): value is CommandOutcome => "ok" in value;
