import { gatherGate, type Gathered, type GateInput } from "../../github/gate-snapshot.js";
import type { PullRequest } from "../../github/pull-request.js";
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
    prefetched: pr,
    ...options,
  });
}

export const NOT_ENABLED = "Squadgate is not enabled in this repository: there is no `.github/squadgate.yml` on the base branch.";
export const NOT_GATED = (reason: string) => `Squadgate does not gate this pull request right now (${reason}).`;
