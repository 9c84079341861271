import type { CommandName } from "./parse.js";

/** Repository roles, weakest first, as GitHub names them. */
export const REPO_ROLES = ["none", "read", "triage", "write", "maintain", "admin"] as const;
export type RepoRole = (typeof REPO_ROLES)[number];

export const atLeast = (role: RepoRole, needed: RepoRole) => REPO_ROLES.indexOf(role) >= REPO_ROLES.indexOf(needed);

export const sameLogin = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** `/recheck` and `/checklist` cost API calls, so they are for the author and people who triage the repository. */
export const mayRecheck = (input: { author: string; commenter: string; role: RepoRole }): boolean =>
  sameLogin(input.author, input.commenter) || atLeast(input.role, "triage");

/** `/eval` spends the team's model budget: writers only. */
export const mayRunEvals = (role: RepoRole): boolean => atLeast(role, "write");

/** Nobody waives a requirement of their own pull request, whatever `waivers.allow` lists. */
export const ownPullRequest = (input: { author: string; commenter: string }): boolean =>
  sameLogin(input.author, input.commenter);

/** The commands `/help` offers this commenter: what the config enables and their standing allows. */
export function allowedCommands(input: {
  checklistsOn: boolean;
  mayRecheck: boolean;
  waivable: readonly string[];
}): CommandName[] {
  const allowed: CommandName[] = ["help", "owners"];
  if (input.mayRecheck) allowed.push("recheck");
  if (input.checklistsOn && input.mayRecheck) allowed.push("checklist");
  if (input.waivable.length > 0) allowed.push("waive", "unwaive");
  return allowed;
}
