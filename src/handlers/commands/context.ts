import { headSeenBy, type HeadStateRead } from "../../core/gate/head-state.js";
import { code } from "../../core/render/markdown.js";
import { gatherGate, type Gathered, type GateInput } from "../../github/gate-snapshot.js";
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

export const NOT_ENABLED =
  "Squadgate is not enabled in this repository: there is no `.github/squadgate.yml` on the base branch.";
export const NOT_GATED = (reason: string) => `Squadgate does not gate this pull request right now (${reason}).`;

/**
 * Refuses a command about the pull request's code when its head is not one the commenter could
 * have seen: Squadgate first saw it after the comment was written (a push right after the comment
 * would otherwise swap what gets waived or evaluated). Undefined when the command may go on.
 */
export function headMovedReply(state: HeadStateRead, ctx: CommandContext, headSha: string): string | undefined {
  if (state.ok && headSeenBy(state.state, ctx.pull.pull_number, new Date(ctx.comment.createdAt))) return undefined;
  return `the head of this pull request is now ${code(headSha.slice(0, 7))}, which Squadgate had not seen when you wrote your comment, so it may not be what you looked at. Look at the latest commits and comment again.`;
}
