import type { Problem } from "../config/problems.js";
import { teamKey } from "../core/gate/approvals.js";
import { statusOf } from "./repo-reader.js";
import { TtlCache } from "./ttl-cache.js";
import type { Octokit } from "./types.js";

/**
 * Team membership changes rarely and nothing irreversible rests on one minute of staleness (the next
 * event or `/recheck`-style re-run corrects it), so member lists are reused for this long.
 */
export const TEAM_CACHE_TTL_MS = 60_000;

export type TeamCache = TtlCache<ReadonlySet<string>>;
export const createTeamCache = () => new TtlCache<ReadonlySet<string>>({ ttlMs: TEAM_CACHE_TTL_MS, maxEntries: 5_000 });

/** One installation's copy of a team's members: installations never share what they read. */
const teamCacheKey = (installationId: number, team: string) => `${installationId}:${team}`;

/** Forgets every team list read for `installationId` (`/recheck` re-reads membership). */
export function forgetTeams(cache: TeamCache, installationId: number): void {
  const prefix = teamCacheKey(installationId, "");
  cache.deleteWhere((key) => key.startsWith(prefix));
}

/** Forgets one team's list read for `installationId` (its members changed). */
export function forgetTeam(cache: TeamCache, installationId: number, team: string): void {
  const [org = "", slug = ""] = team.split("/");
  cache.deleteWhere((key) => key === teamCacheKey(installationId, teamKey(org, slug)));
}

/** Members (lower-cased logins, child teams included) of each `org/slug`, keyed by `teamKey`, fetched in parallel. */
export async function fetchTeamMembers(
  octokit: Octokit,
  input: { installationId: number; teams: readonly string[]; cache: TeamCache },
): Promise<{ members: Map<string, ReadonlySet<string>>; problems: Problem[] }> {
  const members = new Map<string, ReadonlySet<string>>();
  const problems: Problem[] = [];
  await Promise.all(
    input.teams.map(async (team) => {
      const [org = "", team_slug = ""] = team.split("/");
      const key = teamCacheKey(input.installationId, teamKey(org, team_slug));
      const cached = input.cache.get(key);
      if (cached) return void members.set(teamKey(org, team_slug), cached);
      try {
        const list = await octokit.paginate(octokit.rest.teams.listMembersInOrg, { org, team_slug, per_page: 100 });
        const logins = new Set(list.map((user) => user.login.toLowerCase()));
        input.cache.set(key, logins);
        members.set(teamKey(org, team_slug), logins);
      } catch (error) {
        const status = statusOf(error);
        if (status !== 404 && status !== 403) throw error;
        members.set(teamKey(org, team_slug), new Set());
        problems.push({
          severity: "warning",
          file: "squadgate.yml",
          message: `team ${team} was not found or is not visible to Squadgate (it needs the Members: read permission); its members cannot approve`,
        });
      }
    }),
  );
  return { members, problems };
}
