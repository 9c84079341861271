import type { Member } from "../config/schema.js";
import { REPO_ROLES, type RepoRole } from "../core/commands/permissions.js";
import { teamKey } from "../core/gate/approvals.js";
import { statusOf } from "./repo-reader.js";
import { fetchTeamMembers, type TeamCache } from "./team-members.js";
import type { Octokit, RepoRef } from "./types.js";

/** The user's role on the repository; `none` for people who are not collaborators. */
export async function repositoryRole(octokit: Octokit, repo: RepoRef, username: string): Promise<RepoRole> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
    // `role_name` tells maintain from write and triage from read; a custom role has its own name,
    // and then `permission` is the base role it builds on.
    const known = (name: string | undefined): name is RepoRole =>
      (REPO_ROLES as readonly string[]).includes(name ?? "");
    return known(data.role_name) ? data.role_name : known(data.permission) ? data.permission : "none";
  } catch (error) {
    if (statusOf(error) === 404 || statusOf(error) === 403) return "none";
    throw error;
  }
}

/** Whether `login` is one of `members`, directly or through a team (team lists cached briefly). */
export async function isAmong(
  octokit: Octokit,
  input: { login: string; members: readonly Member[]; installationId: number; cache: TeamCache },
): Promise<boolean> {
  const login = input.login.toLowerCase();
  if (input.members.some((m) => m.kind === "user" && m.login.toLowerCase() === login)) return true;
  const teams = input.members.flatMap((m) => (m.kind === "team" ? [`${m.org}/${m.slug}`] : []));
  if (teams.length === 0) return false;
  const { members } = await fetchTeamMembers(octokit, {
    installationId: input.installationId,
    teams,
    cache: input.cache,
  });
  return input.members.some((m) => m.kind === "team" && (members.get(teamKey(m.org, m.slug))?.has(login) ?? false));
}
