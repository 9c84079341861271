import { parseConfigText } from "../../src/config/validate-config.js";
import { EMPTY_HEAD_STATE, type HeadState } from "../../src/core/gate/head-state.js";
import type { ChangedFile, Review } from "../../src/core/gate/types.js";
import type { PullFacts, PullInfo } from "../../src/core/pull/facts.js";
import type { PullContext } from "../../src/core/pull/needs.js";
import { snapshotOf, type PullSnapshot } from "../../src/core/pull/snapshot.js";

export const HEAD = "c".repeat(40);
export const BASE_SHA = "d".repeat(40);
export const BOT = "squadgate[bot]";
export const SECRET = "test-secret";
export const NOW = new Date("2026-11-30T12:00:00Z");

/** A pull request as the gate sees it, with overrides. */
export const pullInfo = (over: Partial<PullInfo> = {}): PullInfo => ({
  number: 7,
  state: "open",
  draft: false,
  author: "alice",
  body: "",
  labels: [],
  base: { ref: "main", sha: BASE_SHA, owner: "acme" },
  head: { sha: HEAD, ref: "feature" },
  requestedUsers: [],
  requestedTeams: [],
  ...over,
});

/**
 * Every fact of one pull request, as plain data: what GitHub would answer to every read the
 * planner could ask for. Tests of decisions build these instead of mocking GitHub.
 */
export function pullWorld(input: {
  config: string;
  ownership?: string | null;
  files: (string | ChangedFile)[];
  pr?: Partial<PullInfo>;
  reviews?: Review[];
  teams?: Record<string, string[]>;
  headState?: HeadState;
  pushers?: string[];
  changesSince?: [string, string[] | null][];
}): { facts: PullFacts; ctx: PullContext } {
  const config = parseConfigText(input.config, ".github/squadgate.yml");
  if (!config.config) throw new Error(`the world's config is invalid: ${JSON.stringify(config.problems)}`);
  const pr = pullInfo(input.pr);
  const facts: PullFacts = {
    config,
    pr,
    files: { list: input.files.map((f) => (typeof f === "string" ? { path: f } : f)), complete: true },
    head: { sha: pr.head.sha, state: { ok: true, state: input.headState ?? EMPTY_HEAD_STATE }, mark: 0 },
    ownershipText: input.ownership ?? null,
    reviews: input.reviews ?? [],
    headPolicyProblems: [],
    comments: [],
    templateFiles: new Map(),
    teams: {
      members: new Map(Object.entries(input.teams ?? {}).map(([team, logins]) => [team, new Set(logins)])),
      problems: [],
    },
    pushers: { logins: input.pushers ?? [pr.author] },
    changesSince: new Map(input.changesSince ?? []),
  };
  const ctx: PullContext = {
    pull: { owner: "acme", repo: "models", number: pr.number },
    baseRef: pr.base.ref,
    headSha: pr.head.sha,
    botLogin: BOT,
    secret: SECRET,
  };
  return { facts, ctx };
}

/** The snapshot of a world, failing loudly when the gate would not judge it. */
export function snapshotOfWorld(world: { facts: PullFacts; ctx: PullContext }, now = NOW): PullSnapshot {
  const outcome = snapshotOf(world.facts, world.ctx, now);
  if (outcome.status !== "ready") throw new Error(`not judged: ${JSON.stringify(outcome)}`);
  return outcome.snapshot;
}
