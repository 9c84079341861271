import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ChangedFile, Review } from "../../src/core/gate/types.js";
import { recordWrites } from "../../src/core/commands/waive.js";
import { decideSnapshot } from "../../src/core/pull/decide.js";
import type { PullFacts } from "../../src/core/pull/facts.js";
import type { PullContext } from "../../src/core/pull/needs.js";
import { planPullFacts, type FactRequest } from "../../src/core/pull/plan.js";
import { snapshotOf } from "../../src/core/pull/snapshot.js";
import { pullWrites } from "../../src/core/pull/writes.js";
import { withMarker } from "../../src/core/render/sticky.js";
import { addWaiver, EMPTY_RECORD } from "../../src/core/waivers.js";
import { SQUAD_OWNERS } from "../helpers/policy.js";
import { BOT, HEAD, NOW, pullWorld, SECRET } from "../helpers/pull-facts.js";

const OLD = "0".repeat(40);
const PATHS = [
  "prompts/system.txt",
  "prompts/chat.prompty",
  "datasets/train.csv",
  "models/m.yaml",
  "evals/suite.yaml",
  "src/app.ts",
  "README.md",
  ".github/squadgate.yml",
  ".github/SQUADOWNERS",
];
const PEOPLE = ["alice", "dana", "lee", "eve", "mo", "carol", "bob"];
const TEAMS = { "acme/data-science": ["eve", "carol"], "acme/ml-platform": ["mo", "carol"], "acme/backend": ["bob"] };

const config = (where: string, pushersMayApprove: boolean, stale: string, policies = "") => `${policies}
roles:
  ds: { members: [dana, acme/data-science] }
  legal: { members: [lee] }
  mle: { members: [acme/ml-platform], approvals: 2 }
approvals:
  pushers_may_approve: ${pushersMayApprove}
  stale: ${stale}
checklists:
  where: ${where}
waivers:
  allow:
    legal: [lee]
    ds: [lee]
    checklist: [lee]
`;

const review: fc.Arbitrary<Review> = fc.record({
  login: fc.constantFrom(...PEOPLE),
  state: fc.constantFrom("APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED"),
  commitId: fc.constantFrom(HEAD, OLD, null),
});

const file: fc.Arbitrary<ChangedFile> = fc
  .tuple(fc.constantFrom(...PATHS), fc.option(fc.constantFrom(...PATHS), { nil: undefined }))
  .map(([path, previousPath]) => (previousPath && previousPath !== path ? { path, previousPath } : { path }));

/** The AI policies, on or off, and what they read: commits that may name an agent, the description's history, model files. */
const aiPolicies = fc.record({
  config: fc.constantFrom(
    "",
    "agents: {}\n",
    "providers: { roles: [legal] }\n",
    "agents: {}\nproviders: { roles: [legal] }\n",
  ),
  author: fc.constantFrom("alice", "Copilot"),
  coAuthor: fc.option(fc.constantFrom(...PEOPLE), { nil: undefined }),
  marker: fc.boolean(),
  edited: fc.boolean(),
  vendor: fc.constantFrom("azure_openai", "openai"),
  patch: fc.constantFrom(undefined, ""),
});

const prompty = (type: string) =>
  `---\nmodel:\n  configuration:\n    type: ${type}\n    azure_deployment: gpt-4o\n---\nhi`;

function withAiFacts(facts: PullFacts, ai: typeof aiPolicies extends fc.Arbitrary<infer T> ? T : never): PullFacts {
  const trailer = ai.coAuthor ? `\n\nCo-authored-by: ${ai.coAuthor} <1+${ai.coAuthor}@users.noreply.github.com>` : "";
  const marker = ai.marker ? "\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)" : "";
  const person = (login: string) => ({ name: login, email: `${login}@example.com`, login });
  const files = facts.files
    ? { ...facts.files, list: facts.files.list.map((f) => (ai.patch !== undefined ? { ...f, patch: ai.patch } : f)) }
    : undefined;
  return {
    ...facts,
    ...(files ? { files } : {}),
    pushers: {
      ...(facts.pushers ?? { logins: [] }),
      commits: [
        {
          sha: "1".repeat(40),
          message: `Change${trailer}${marker}`,
          author: person(ai.author),
          committer: person("alice"),
        },
      ],
      pushedBy: [ai.author],
    },
    descriptionHistory: {
      revisions: ai.edited
        ? [{ editedAt: "2026-11-30T09:00:00Z", text: "Claude wrote it\n\nGenerated with Claude Code" }]
        : [],
      unread: 0,
    },
    modelFiles: new Map([
      ["prompts/chat.prompty", { text: prompty(ai.vendor) }],
      ["models/m.yaml", { text: `model: gpt-4o\ntype: ${ai.vendor}\n` }],
    ]),
  };
}

/**
 * The reasons an agent wrote it, without those only the description's history gives: the history
 * is read only when nothing else shows an agent, so the verdict is the same, with fewer reasons.
 */
const withoutHistory = (outcome: ReturnType<typeof verdict>) => {
  if (!("decision" in outcome) || !outcome.decision.agents) return outcome;
  const agents = outcome.decision.agents;
  const evidence = agents.evidence.filter(
    (e) => e.kind !== "deleted-revision" && !(e.kind === "description" && e.editedAt),
  );
  return { ...outcome, decision: { ...outcome.decision, agents: { ...agents, evidence } } };
};

/** Every fact of a random pull request: what GitHub would answer to any read. */
const world = fc
  .record({
    where: fc.constantFrom("body", "comment", "off"),
    pushersMayApprove: fc.boolean(),
    stale: fc.constantFrom("never", "on_push", "on_owned_change"),
    files: fc.uniqueArray(file, { minLength: 1, maxLength: 5, selector: (f) => f.path }),
    reviews: fc.array(review, { maxLength: 6 }),
    pushers: fc.subarray(PEOPLE),
    draft: fc.boolean(),
    changed: fc.option(fc.subarray(PATHS), { nil: null }),
    waiver: fc.option(
      fc.record({ target: fc.constantFrom("legal", "ds", "checklist"), on: fc.constantFrom(HEAD, OLD) }),
      { nil: undefined },
    ),
    ai: aiPolicies,
  })
  .map((w) => {
    const built = pullWorld({
      config: config(w.where, w.pushersMayApprove, w.stale, w.ai.config),
      ownership: SQUAD_OWNERS,
      files: w.files,
      reviews: w.reviews,
      teams: TEAMS,
      pushers: ["alice", ...w.pushers],
      changesSince: [[OLD, w.changed]],
      pr: { draft: w.draft, ...(w.waiver ? { labels: ["squadgate: waiver"] } : {}) },
    });
    built.facts = withAiFacts(built.facts, w.ai);
    if (!w.waiver) return built;
    const record = addWaiver(EMPTY_RECORD, {
      id: "9",
      target: w.waiver.target,
      reason: "reviewed elsewhere",
      by: "lee",
      at: "2026-11-30T09:00:00.000Z",
      headSha: w.waiver.on,
      covers: w.files.map((f) => f.path),
      coversAll: false,
    });
    const pull = built.ctx.pull;
    const [sticky] = recordWrites(record, { pull, secret: SECRET, labelled: true, tampered: false, now: NOW });
    const body = sticky?.kind === "sticky" ? withMarker("record", sticky.body) : "";
    const facts: PullFacts = {
      ...built.facts,
      comments: [{ id: 1, nodeId: "IC_1", body, author: BOT }],
      recordEditor: null,
    };
    return { facts, ctx: built.ctx };
  });

/** What the shell would read for one planned request, taken from the world: only what was asked. */
function answer(all: PullFacts, request: FactRequest): Partial<PullFacts> {
  switch (request.fact) {
    case "ownership":
      return { ownershipText: all.ownershipText ?? null };
    case "headPolicy":
      return { headPolicyProblems: all.headPolicyProblems ?? [] };
    case "templates":
      return { templateFiles: new Map(request.paths.map((p) => [p, all.templateFiles?.get(p) ?? null])) };
    case "teams": {
      const members = all.teams?.members ?? new Map();
      return {
        teams: { members: new Map(request.teams.map((t) => [t, members.get(t) ?? new Set<string>()])), problems: [] },
      };
    }
    case "compares":
      return { changesSince: new Map(request.commits.map((c) => [c, all.changesSince?.get(c) ?? null])) };
    case "committedEvals":
      throw new Error("evals are not configured in these worlds");
    default:
      return { [request.fact === "head" ? "head" : request.fact]: all[request.fact as keyof PullFacts] };
  }
}

/** Reads round by round, as `loadPullFacts` does, until the planner asks for nothing more. */
function planned(all: PullFacts, ctx: PullContext): { facts: PullFacts; asked: FactRequest["fact"][] } {
  let facts: PullFacts = { config: all.config };
  const asked: FactRequest["fact"][] = [];
  for (let round = 0; round < 10; round++) {
    const requests = planPullFacts(facts, ctx);
    if (requests.length === 0) return { facts, asked };
    for (const request of requests) {
      asked.push(request.fact);
      facts = { ...facts, ...answer(all, request) };
    }
  }
  throw new Error("the planner did not settle");
}

const verdict = (facts: PullFacts, ctx: PullContext) => {
  const outcome = snapshotOf(facts, ctx, NOW);
  if (outcome.status !== "ready") return outcome;
  const decision = decideSnapshot(outcome.snapshot, NOW);
  return { decision, writes: pullWrites(outcome.snapshot, decision) };
};

describe("the fact planner", () => {
  // Each run judges a pull request twice from scratch: give a loaded machine room.
  it("asks for every fact the decision depends on: judging with only what it asked gives what all facts give", {
    timeout: 120_000,
  }, () => {
    fc.assert(
      fc.property(world, ({ facts, ctx }) => {
        const lazy = planned(facts, ctx);
        expect(withoutHistory(verdict(lazy.facts, ctx))).toEqual(withoutHistory(verdict(facts, ctx)));
      }),
      { numRuns: 100 },
    );
  });

  it("spends nothing past the pull request, its files and its head when no AI asset or policy file changed", () => {
    const { facts, ctx } = pullWorld({
      config: config("body", false, "never"),
      ownership: SQUAD_OWNERS,
      files: ["src/app.ts", "README.md"],
    });
    expect(planned(facts, ctx).asked).toEqual(["pr", "files", "head"]);
  });
});
