import type { Context } from "probot";
import type { SquadgateEvent } from "../core/events.js";
import { CONFIG_FILE } from "../config/schema.js";
import { policyFiles } from "../core/policy.js";
import { templateFiles } from "../core/checklists/templates.js";
import { gitHubRepoReader } from "../github/repo-reader.js";
import { evaluatePullRequest, type GateDeps } from "./gate.js";
import { mayBePolicy } from "./triggers.js";

/** Pull requests re-evaluated at most per push; past that the log says so and their next event catches up. */
export const MAX_REEVALUATED = 100;

/**
 * A push to a branch that changes its Squadgate policy (the config, the ownership file, the eval
 * workflow, a checklist template) re-evaluates the open pull requests into that branch: the base's
 * policy judges them, and a verdict given under the old policy must not stay green.
 *
 * Most pushes touch no such file and cost nothing: the policy files live under `.github/` or are
 * named `*OWNERS`, so only a push touching such a path reads the branch's config to know exactly.
 */
export async function runPolicyPush(
  context: Context,
  deps: GateDeps,
  event: Extract<SquadgateEvent, { kind: "policy-push" }>,
): Promise<void> {
  const { branch } = event;
  // The push event could not list every path: ask GitHub what changed.
  const paths = event.paths ?? (await changedBetween(context, event.before, event.after));
  if (paths !== undefined && !paths.some(mayBePolicy)) return;

  const repo = context.repo();
  const { config } = await gitHubRepoReader(context.octokit, repo, deps.caches).loadConfig(branch);
  if (!config) return;
  const governed = new Set([CONFIG_FILE, ...policyFiles(config), ...templateFiles(config, Object.keys(config.assets))]);
  if (paths !== undefined && !paths.some((path) => governed.has(path))) return;

  const open = await context.octokit.paginate(context.octokit.rest.pulls.list, {
    ...repo,
    state: "open",
    base: branch,
    per_page: 100,
  });
  const log = context.log.child({ feature: "policy-push", repo: `${repo.owner}/${repo.repo}`, branch });
  if (open.length > MAX_REEVALUATED)
    log.warn({ open: open.length, max: MAX_REEVALUATED }, "too many open pull requests to re-evaluate at once");
  for (const pr of open.slice(0, MAX_REEVALUATED)) {
    await evaluatePullRequest(context, deps, pr.number, { baseRef: branch, headSha: pr.head.sha, prefetched: pr });
  }
  log.info({ reevaluated: Math.min(open.length, MAX_REEVALUATED) }, "policy changed: open pull requests re-evaluated");
}

/** Paths changed by a push, from a comparison; undefined (anything may have changed) when it cannot list them all. */
async function changedBetween(context: Context, before: string, after: string): Promise<string[] | undefined> {
  if (/^0+$/.test(before)) return undefined;
  try {
    const { data } = await context.octokit.rest.repos.compareCommitsWithBasehead({
      ...context.repo(),
      basehead: `${before}...${after}`,
      per_page: 1,
    });
    const files = data.files ?? [];
    return files.length >= 300
      ? undefined
      : files.flatMap((f) => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename]));
  } catch {
    return undefined; // a force-push can leave `before` unreachable: treat it as touching everything
  }
}
