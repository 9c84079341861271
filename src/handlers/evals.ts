import type { Context, Probot } from "probot";
import {
  createOnBranchCache,
  createResultsCache,
  type OnBranchCache,
  type ResultsCache,
} from "../github/evals/artifacts.js";
import { isWorkflow, pullRequestsForRun, type RunFacts } from "../github/evals/attribution.js";
import { ingestEvalRun } from "../github/evals/ingest.js";
import { gitHubRepoReader } from "../github/repo-reader.js";
import { TtlCache } from "../github/ttl-cache.js";
import type { ConfigResult } from "../config/validate-config.js";
import { gateEnv, type GateDeps } from "./gate.js";
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

type RunContext = Context<"workflow_run.requested" | "workflow_run.in_progress" | "workflow_run.completed">;

/** `workflow_run` of the configured eval workflow: running banners, then the diff and the gate's verdict. */
export function registerEvals(app: Probot, deps: EvalDeps): void {
  app.on(
    ["workflow_run.requested", "workflow_run.in_progress", "workflow_run.completed"],
    async (context: RunContext) => {
      const run = context.payload.workflow_run;
      const repo = context.repo();
      const installationId = context.payload.installation?.id ?? 0;
      const { workflow, configAt } = await evalWorkflowOf(context, deps, installationId);
      if (!workflow || !isWorkflow(run.path, workflow)) return;
      const log = context.log.child({ feature: "evals", repo: `${repo.owner}/${repo.repo}`, run: run.id });
      const facts = run as unknown as RunFacts;
      const targets = await pullRequestsForRun(context.octokit, repo, facts, await deps.botLogin());
      for (const target of targets) {
        const outcome = await deps.serializer.run(
          pullRequestKey(installationId, repo.owner, repo.repo, target.number),
          () =>
            ingestEvalRun(context.octokit, {
              repo,
              run: facts,
              target,
              completed: context.payload.action === "completed",
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
          { pr: target.number, action: context.payload.action, status: outcome?.state?.status, stale: outcome?.stale },
          "eval run handled",
        );
      }
    },
  );
}

/** The eval workflow's file name, cached; when just read, the config too, so ingestion need not read it again. */
async function evalWorkflowOf(context: RunContext, deps: EvalDeps, installationId: number): Promise<Loaded> {
  const repo = context.repo();
  const key = `${installationId}:${repo.owner}/${repo.repo}`;
  const cached = deps.evalWorkflows.get(key);
  if (cached) return { workflow: cached.workflow };
  const ref = context.payload.repository.default_branch;
  const result = await gitHubRepoReader(context.octokit, repo).loadConfig(ref);
  const workflow = result.config?.evals?.workflow;
  deps.evalWorkflows.set(key, workflow ? { workflow } : {});
  return { workflow, configAt: { ref, result } };
}
