import { CHECK_NAME } from "./check-run.js";
import { TtlCache } from "./ttl-cache.js";
import type { Octokit, RepoRef } from "./types.js";

/** Whether merging into a branch waits for the Squadgate check, and only for the one our app writes. */
export interface RequiredCheck {
  required: boolean;
  /** Required from our app (branch protection `app_id`, ruleset `integration_id`), not from whoever reports it. */
  pinned: boolean;
}

/**
 * Branch rules change rarely and only inform a note, so they are read at most once an hour per
 * branch, and only when the check is written anyway.
 */
export const REQUIRED_CHECK_TTL_MS = 60 * 60_000;
/** The read itself is cached, so a read started early (alongside other work) is shared by whoever needs it. */
export type RequiredCheckCache = TtlCache<Promise<RequiredCheck | null>>;
export const createRequiredCheckCache = (): RequiredCheckCache =>
  new TtlCache({ ttlMs: REQUIRED_CHECK_TTL_MS, maxEntries: 5_000 });

type Listing = { context: string; appId: number | null | undefined };

/**
 * How `branch` requires the Squadgate check, from its rulesets (readable with metadata access) and
 * its classic branch protection (as the branch endpoint shows it). Null when either cannot be read:
 * then nothing is claimed either way.
 */
export function readRequiredCheck(
  octokit: Octokit,
  input: { repo: RepoRef; branch: string; appId: number; installationId: number; cache: RequiredCheckCache },
): Promise<RequiredCheck | null> {
  const key = `${input.installationId}:${input.repo.owner}/${input.repo.repo}:${input.branch}`.toLowerCase();
  const cached = input.cache.get(key);
  if (cached !== undefined) return cached;
  const read = Promise.all([rulesetListings(octokit, input), classicListings(octokit, input)]).then(
    ([rules, classic]) => (rules && classic ? judge([...rules, ...classic], input.appId) : null),
  );
  input.cache.set(key, read);
  return read;
}

function judge(listings: readonly Listing[], appId: number): RequiredCheck {
  const ours = listings.filter((l) => l.context === CHECK_NAME);
  return { required: ours.length > 0, pinned: ours.some((l) => l.appId === appId) };
}

async function rulesetListings(octokit: Octokit, input: { repo: RepoRef; branch: string }): Promise<Listing[] | null> {
  try {
    const rules = await octokit.paginate(octokit.rest.repos.getBranchRules, {
      ...input.repo,
      branch: input.branch,
      per_page: 100,
    });
    return rules.flatMap((rule) =>
      rule.type === "required_status_checks"
        ? (rule.parameters?.required_status_checks ?? []).map((c) => ({ context: c.context, appId: c.integration_id }))
        : [],
    );
  } catch {
    return null; // unreadable: say nothing rather than guess
  }
}

async function classicListings(octokit: Octokit, input: { repo: RepoRef; branch: string }): Promise<Listing[] | null> {
  try {
    const { data } = await octokit.rest.repos.getBranch({ ...input.repo, branch: input.branch });
    if (!data.protected) return [];
    const checks = data.protection?.required_status_checks;
    if (!checks) return null; // protected, but the details are not shown to us
    const pinned = checks.checks.map((c) => ({ context: c.context, appId: c.app_id }));
    const legacy = checks.contexts
      .filter((c) => !pinned.some((p) => p.context === c))
      .map((context) => ({ context, appId: undefined }));
    return [...pinned, ...legacy];
  } catch {
    return null;
  }
}
