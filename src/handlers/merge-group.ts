import type { Context } from "probot";
import type { SquadgateEvent } from "../core/events.js";
import { renderMergeGroupCheck, type GroupMember } from "../core/render/merge-group.js";
import { findCheckRun, reconcileCheckRun } from "../github/check-run.js";
import { decideSnapshot } from "../core/pull/decide.js";
import { gatherGate, type GateEnv } from "../github/gate-snapshot.js";
import { pullsInMergeGroup } from "../github/merge-queue.js";
import { fetchPullRequest, pullInfo } from "../github/pull-request.js";
import { gitHubRepoReader } from "../github/repo-reader.js";
import type { ConfigResult } from "../config/validate-config.js";
import type { Octokit, RepoRef } from "../github/types.js";
import { gateEnv, installationOf, type GateDeps } from "./gate.js";
import { headCommitKey } from "./keyed-serializer.js";

/**
 * A merge queue asks for the required checks on each merge group's commit, and waits (then ejects
 * the entry) until they report. Squadgate judges every pull request the group holds at its current
 * head and reports on the group's commit: it may merge only if all of them may.
 */
export async function runMergeGroup(
  context: Context,
  deps: GateDeps,
  group: Extract<SquadgateEvent, { kind: "merge-group" }>,
): Promise<void> {
  const repo = context.repo();
  const { branch } = group;
  const config = await gitHubRepoReader(context.octokit, repo, deps.caches).loadConfig(branch);
  if (!config.config && config.problems.length === 0) return; // not opted in: nothing to say
  const env = gateEnv(deps, installationOf(context));
  const { numbers, complete } = await pullsInMergeGroup(context.octokit, {
    repo,
    branch,
    headSha: group.headSha,
    headRef: group.headRef,
  });
  const members = await Promise.all(
    numbers.map((number) => judgeMember(context.octokit, { env, repo, number, config })),
  );
  const verdict = renderMergeGroupCheck(members, { complete });
  const check = await deps.serializer.run(
    headCommitKey(env.installationId, repo.owner, repo.repo, group.headSha),
    async () => {
      const existing = await findCheckRun(context.octokit, repo, group.headSha, await env.appId());
      return reconcileCheckRun(context.octokit, repo, existing, {
        headSha: group.headSha,
        conclusion: verdict.conclusion,
        output: { title: verdict.title, summary: verdict.summary },
      });
    },
  );
  context.log.info(
    {
      feature: "merge-queue",
      repo: `${repo.owner}/${repo.repo}`,
      pulls: numbers,
      conclusion: verdict.conclusion,
      check,
    },
    "merge group judged",
  );
}

/** One pull request of the group, judged as its own events would judge it (read-only). */
async function judgeMember(
  octokit: Octokit,
  input: { env: GateEnv; repo: RepoRef; number: number; config: ConfigResult },
): Promise<GroupMember> {
  const pull = { ...input.repo, pull_number: input.number };
  const pr = await fetchPullRequest(octokit, pull);
  const gathered = await gatherGate(octokit, {
    ...input.env,
    pull,
    baseRef: pr.base.ref,
    headSha: pr.head.sha,
    prefetched: pullInfo(pr),
    prefetchedConfig: input.config,
  });
  if (gathered.status !== "ready")
    return { number: input.number, title: gathered.status === "skipped" ? gathered.reason : "not gated here" };
  const decision = decideSnapshot(gathered.snapshot, new Date());
  return { number: input.number, conclusion: decision.conclusion, title: decision.title };
}
