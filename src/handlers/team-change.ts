import type { Context } from "probot";
import type { Config } from "../config/schema.js";
import type { SquadgateEvent } from "../core/events.js";
import { teamKey } from "../core/gate/approvals.js";
import { gitHubRepoReader } from "../github/repo-reader.js";
import { forgetTeam } from "../github/team-members.js";
import { evaluatePullRequest, installationOf, repositoryContext, type GateDeps } from "./gate.js";
import { MAX_REEVALUATED } from "./policy-push.js";

type Repository = { name: string; owner: { login: string }; default_branch?: string; archived?: boolean };

/**
 * Someone joined or left a team. An approval counts for a role only while its author is a member,
 * as GitHub counts code owners' approvals at merge time: the open pull requests of every repository
 * whose roles name the team are judged again, so a green check given for a member who has left
 * does not stay green. Repositories that have not opted in cost a conditional request each (free
 * once seen); the roles are read from each repository's default branch.
 */
export async function runTeamChange(
  context: Context,
  deps: GateDeps,
  event: Extract<SquadgateEvent, { kind: "team-change" }>,
): Promise<void> {
  forgetTeam(deps.caches.teams, installationOf(context), event.team);
  const log = context.log.child({ feature: "team-change", team: event.team });
  const repositories = (await context.octokit.paginate(context.octokit.rest.apps.listReposAccessibleToInstallation, {
    per_page: 100,
  })) as unknown as Repository[];
  let left = MAX_REEVALUATED;
  for (const repository of repositories) {
    if (repository.archived || left === 0) continue;
    const repo = { owner: repository.owner.login, repo: repository.name };
    const branch = repository.default_branch ?? "main";
    const { config } = await gitHubRepoReader(context.octokit, repo, deps.caches).loadConfig(branch);
    if (!config || !namesTeam(config, event.team)) continue;
    const open = await context.octokit.paginate(context.octokit.rest.pulls.list, {
      ...repo,
      state: "open",
      per_page: 100,
    });
    const inRepo = repositoryContext(context, repository);
    for (const pr of open.slice(0, left)) {
      await evaluatePullRequest(inRepo, deps, pr.number, {
        baseRef: pr.base.ref,
        headSha: pr.head.sha,
        prefetched: pr,
      });
    }
    if (open.length > left) log.warn({ max: MAX_REEVALUATED }, "too many open pull requests to re-evaluate at once");
    left -= Math.min(left, open.length);
  }
  log.info({ reevaluated: MAX_REEVALUATED - left }, "team changed: open pull requests re-evaluated");
}

/** Whether a role of `config` counts the team's members. */
export function namesTeam(config: Config, team: string): boolean {
  const [org = "", slug = ""] = team.split("/");
  return Object.values(config.roles).some((role) =>
    role.members.some((m) => m.kind === "team" && teamKey(m.org, m.slug) === teamKey(org, slug)),
  );
}
