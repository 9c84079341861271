import {
  judgeRequiredCheck,
  protectionListings,
  type RequiredCheck,
  type RequiredListing,
} from "../core/gate/required-check.js";
import { CHECK_NAME } from "./check-run.js";

export type { RequiredCheck } from "../core/gate/required-check.js";
import { TtlCache } from "./ttl-cache.js";
import type { Octokit, RepoRef } from "./types.js";

/**
 * Branch rules change rarely and only inform a note, so they are read at most once an hour per
 * branch, and only when the check is written anyway.
 */
export const REQUIRED_CHECK_TTL_MS = 60 * 60_000;
/** The read itself is cached, so a read started early (alongside other work) is shared by whoever needs it. */
export type RequiredCheckCache = TtlCache<Promise<RequiredCheck | null>>;
export const createRequiredCheckCache = (): RequiredCheckCache =>
  new TtlCache({ ttlMs: REQUIRED_CHECK_TTL_MS, maxEntries: 5_000 });

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
  const read = Promise.all([readRulesets(octokit, input), readProtection(octokit, input)]).then(([rules, classic]) =>
    rules && classic ? judgeRequiredCheck([...rules, ...classic], CHECK_NAME, input.appId) : null,
  );
  input.cache.set(key, read);
  return read;
}

async function readRulesets(
  octokit: Octokit,
  input: { repo: RepoRef; branch: string },
): Promise<RequiredListing[] | null> {
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

async function readProtection(
  octokit: Octokit,
  input: { repo: RepoRef; branch: string },
): Promise<RequiredListing[] | null> {
  try {
    const { data } = await octokit.rest.repos.getBranch({ ...input.repo, branch: input.branch });
    return protectionListings(data);
  } catch {
    return null;
  }
}
