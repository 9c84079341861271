import type { Context } from "probot";
import type { SquadgateEvent } from "../core/events.js";
import {
  createOnBranchCache,
  createResultsCache,
  type OnBranchCache,
  type ResultsCache,
} from "../github/evals/artifacts.js";
import { isWorkflow } from "../core/evals/runs.js";
import { pullRequestsForRun } from "../github/evals/attribution.js";
import { ingestEvalRun } from "../github/evals/ingest.js";
import { gitHubRepoReader } from "../github/repo-reader.js";
import { TtlCache } from "../github/ttl-cache.js";
import type { ConfigResult } from "../config/validate-config.js";
import { gateEnv, installationOf, type GateDeps } from "./gate.js";
import { pullRequestKey } from "./keyed-serializer.js";

/**
 * Which workflow runs evals, per repository, from the default branch's config. Every CI run in an
 * installation sends a `workflow_run` event; this keeps the ones that are not evals free. A config
 * change takes up to this long to reach eval ingestion (the gate itself always reads fresh).
 */
export const EVAL_WORKFLOW_CACHE_TTL_MS = 5 * 60_000;

export interface EvalDeps extends GateDeps {
  results: ResultsCache;
  onBranch: OnBranchCache;
  evalWorkflows: TtlCache<{ workflow?: string }>;
}

type Loaded = { workflow: string | undefined; configAt?: { ref: string; result: ConfigResult } };

export const createEvalCaches = () => ({
  results: createResultsCache(),
  onBranch: createOnBranchCache(),
  evalWorkflows: new TtlCache<{ workflow?: string }>({ ttlMs: EVAL_WORKFLOW_CACHE_TTL_MS, maxEntries: 10_000 }),
});

/** A run of the configured eval workflow: running banners, then the diff and the gate's verdict. */
export async function runWorkflowRun(
  context: Context,
  deps: EvalDeps,
  event: Extract<SquadgateEvent, { kind: "workflow-run" }>,
): Promise<void> {
  const { run } = event;
  const repo = context.repo();
  const installationId = installationOf(context);
  const { workflow, configAt } = await evalWorkflowOf(context, deps, event.defaultBranch);
  if (!workflow || !isWorkflow(event.path, workflow)) return;
  const log = context.log.child({ feature: "evals", repo: `${repo.owner}/${repo.repo}`, run: run.id });
  const targets = await pullRequestsForRun(context.octokit, repo, run, await deps.botLogin());
  for (const target of targets) {
    const outcome = await deps.serializer.run(
      pullRequestKey(installationId, repo.owner, repo.repo, target.number),
      () =>
        ingestEvalRun(context.octokit, {
          repo,
          run,
          target,
          completed: event.completed,
          ...(configAt ? { configAt } : {}),
          deps: {
            gate: gateEnv(deps, installationId),
            results: deps.results,
            onBranch: deps.onBranch,
            now: () => new Date(),
          },
        }),
    );
    log.info(
      { pr: target.number, completed: event.completed, status: outcome?.state?.status, stale: outcome?.stale },
      "eval run handled",
    );
  }
}

/** The eval workflow's file name, cached; when just read, the config too, so ingestion need not read it again. */
async function evalWorkflowOf(context: Context, deps: EvalDeps, ref: string): Promise<Loaded> {
  const repo = context.repo();
  const key = `${installationOf(context)}:${repo.owner}/${repo.repo}`;
  const cached = deps.evalWorkflows.get(key);
  if (cached) return { workflow: cached.workflow };
  const result = await gitHubRepoReader(context.octokit, repo, deps.caches).loadConfig(ref);
  const workflow = result.config?.evals?.workflow;
  deps.evalWorkflows.set(key, workflow ? { workflow } : {});
  return { workflow, configAt: { ref, result } };
}
