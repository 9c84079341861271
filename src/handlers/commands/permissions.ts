import { mayRecheck, ownPullRequest, type RepoRole } from "../../core/commands/permissions.js";
import type { Config } from "../../config/schema.js";
import { waiverApprovers } from "../../core/policy.js";
import { isAmong, repositoryRole } from "../../github/permissions.js";
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

/** Whether the commenter may use `/recheck` and `/checklist` (the role is asked only when they are not the author). */
export async function commenterMayRecheck(ctx: CommandContext): Promise<boolean> {
  const author = authorOf(await ctx.pullRequest());
  // The author needs no role: it is asked only for others.
  const role = ownPullRequest({ author, commenter: ctx.commenter }) ? "none" : await commenterRole(ctx);
  return mayRecheck({ author, commenter: ctx.commenter, role });
}

/** The base branch's config (valid), or null. */
export async function loadConfigFor(ctx: CommandContext): Promise<Config | null> {
  const pr = await ctx.pullRequest();
  return (await gitHubRepoReader(ctx.octokit, ctx.repo, ctx.deps.caches).loadConfig(pr.base.ref)).config;
}

/** Whether the commenter may waive `target`: listed in `waivers.allow` (teams read only when needed), and not the author. */
export async function commenterMayWaive(ctx: CommandContext, config: Config, target: string): Promise<boolean> {
  const pr = await ctx.pullRequest();
  if (ownPullRequest({ author: authorOf(pr), commenter: ctx.commenter })) return false;
  return isAmong(ctx.octokit, {
    login: ctx.commenter,
    members: waiverApprovers(config, target),
    installationId: ctx.installationId,
    cache: ctx.deps.caches.teams,
  });
}

/** Targets the commenter may waive under `config`. */
export async function waivableBy(ctx: CommandContext, config: Config): Promise<string[]> {
  const targets = Object.keys(config.waivers.allow);
  const allowed = await Promise.all(targets.map((target) => commenterMayWaive(ctx, config, target)));
  return targets.filter((_, i) => allowed[i]);
}
