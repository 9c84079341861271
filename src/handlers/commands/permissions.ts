import type { Config } from "../../config/schema.js";
import { waiverApprovers } from "../../core/policy.js";
import { atLeast, isAmong, repositoryRole, type RepoRole } from "../../github/permissions.js";
import { authorOf } from "../../github/pull-request.js";
import { gitHubRepoReader } from "../../github/repo-reader.js";
import type { CommandContext } from "./context.js";

const roles = new WeakMap<CommandContext, Promise<RepoRole>>();

/** The commenter's repository role, asked once per comment. */
export function commenterRole(ctx: CommandContext): Promise<RepoRole> {
  let role = roles.get(ctx);
  if (!role) {
    role = repositoryRole(ctx.octokit, ctx.repo, ctx.commenter);
    roles.set(ctx, role);
  }
  return role;
}

/** `/recheck` costs API calls, so it is for the author and people who triage the repository. */
export async function mayRecheck(ctx: CommandContext): Promise<boolean> {
  const pr = await ctx.pullRequest();
  return authorOf(pr).toLowerCase() === ctx.commenter.toLowerCase() || atLeast(await commenterRole(ctx), "triage");
}

/** The base branch's config (valid), or null. */
export async function loadConfigFor(ctx: CommandContext): Promise<Config | null> {
  const pr = await ctx.pullRequest();
  return (await gitHubRepoReader(ctx.octokit, ctx.repo).loadConfig(pr.base.ref)).config;
}

/** Whether the commenter may waive `target`: listed in `waivers.allow`, and not the pull request's author. */
export async function mayWaive(ctx: CommandContext, config: Config, target: string): Promise<boolean> {
  const pr = await ctx.pullRequest();
  if (authorOf(pr).toLowerCase() === ctx.commenter.toLowerCase()) return false;
  const members = waiverApprovers(config, target);
  return isAmong(ctx.octokit, {
    login: ctx.commenter,
    members,
    installationId: ctx.installationId,
    cache: ctx.deps.caches.teams,
  });
}

/** Targets the commenter may waive under `config`. */
export async function waivableBy(ctx: CommandContext, config: Config): Promise<string[]> {
  const targets = Object.keys(config.waivers.allow);
  const allowed = await Promise.all(targets.map((target) => mayWaive(ctx, config, target)));
  return targets.filter((_, i) => allowed[i]);
}
