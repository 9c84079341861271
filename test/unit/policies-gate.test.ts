import { describe, expect, it } from "vitest";
import { agentsSchema } from "../../src/config/agents-schema.js";
import { decideGate } from "../../src/core/gate/decide.js";
import type { PullRequestFacts, Review } from "../../src/core/gate/types.js";
import { agentVerdict } from "../../src/core/policies/agents/verdict.js";
import type { ProviderVerdict } from "../../src/core/policies/providers/verdict.js";
import { renderCheckOutput } from "../../src/core/render/check-summary.js";
import type { WaiverStatus } from "../../src/core/waivers.js";
import { policyFrom } from "../helpers/policy.js";

/** The gate with the agent and provider policies' verdicts: what they add to the roles, and what the check says. */
const HEAD = "h".repeat(40);
const CONFIG = `
roles:
  ds:
    members: [dana, dora, fruch]
  legal:
    members: [lee]
agents: {}
providers:
  roles: [legal]
waivers:
  allow:
    agents: [boss]
`;
const OWNERS = "/prompts/ @ds\n";
const approve = (login: string, extra: Partial<Review> = {}): Review => ({
  login,
  state: "APPROVED",
  commitId: HEAD,
  ...extra,
});

const facts = (reviews: Review[], files = [{ path: "prompts/support.prompty" }]): PullRequestFacts => ({
  author: "Copilot",
  draft: false,
  headSha: HEAD,
  owner: "acme",
  files,
  filesComplete: true,
  reviews,
  requestedUsers: [],
  requestedTeams: [],
});

/** Copilot's commit, co-authored by fruch who asked for it (as in fixtures/agents). */
function copilotVerdict(reviews: Review[]) {
  const agents = agentsSchema.parse({}) as NonNullable<ReturnType<typeof agentsSchema.parse>>;
  return agentVerdict(agents, {
    author: "Copilot",
    authorBot: true,
    body: "",
    commits: [
      {
        sha: "0a37e77b127ca97899603815e0c1d0c3758b1d5e",
        message: "ci: add a trigger\n\nCo-authored-by: fruch <340979+fruch@users.noreply.github.com>",
        author: {
          name: "copilot-swe-agent[bot]",
          email: "198982749+Copilot@users.noreply.github.com",
          login: "Copilot",
        },
        committer: { name: "Israel Fruchter", email: "israel.fruchter@gmail.com", login: "fruch" },
      },
    ],
    reviews,
  });
}

function decide(reviews: Review[], opts: { waivers?: WaiverStatus[]; providers?: ProviderVerdict } = {}) {
  const { policy, problems } = policyFrom(CONFIG, OWNERS);
  const agents = copilotVerdict(reviews);
  return {
    policy,
    decision: decideGate({
      policy,
      facts: facts(reviews),
      teamMembers: new Map(),
      changesSince: new Map(),
      problems,
      ...(agents ? { agents } : {}),
      ...(opts.providers ? { providers: opts.providers } : {}),
      ...(opts.waivers ? { waivers: opts.waivers } : {}),
    }),
  };
}

describe("the gate on a pull request written by an agent", () => {
  it("needs two human approvals; the human who asked the agent and bots do not count", () => {
    const reviews = [approve("fruch"), approve("dana"), approve("helper[bot]")];
    const { decision, policy } = decide(reviews);
    expect(decision.conclusion).toBe("action_required");
    expect(decision.requirements).toMatchObject([
      {
        id: "@ds",
        approvalsNeeded: 2,
        approvedBy: ["dana"],
        canApprove: ["@dana", "@dora"],
        stale: [
          { login: "fruch", reason: expect.stringMatching(/^they started the agent that wrote this pull request/) },
        ],
      },
    ]);
    const summary = renderCheckOutput(decision, policy).summary;
    expect(summary).toContain("| ⏳ | `@ds` | 1/2 | @dana | @dora |");
    expect(summary).toContain(
      "### Written by an AI agent\n- 🤖 Squadgate treats this pull request as written by an AI agent: each required role needs at least 2 human approvals; approvals by bots, and by whoever started the agent, do not count. Why:\n  - it was opened by `Copilot`, an account of GitHub Copilot\n  - commit `0a37e77` was authored by `Copilot` (GitHub Copilot)\n- @fruch started the agent (named as co-author of the agent's commit 0a37e77): their approval does not count here.",
    );
  });

  it("asks for reviews from members whose approval counts: not the human who asked the agent", () => {
    expect(decide([]).decision.reviewRequests).toEqual({ users: ["dana", "dora"], teams: [] });
  });

  it("passes once two humans who did not start it approve", () => {
    expect(decide([approve("dana"), approve("dora")]).decision.conclusion).toBe("success");
  });

  it("an agents waiver lifts the policy for its commit: the role's own count applies again", () => {
    const waiver = {
      id: "1",
      target: "agents",
      reason: "reviewed the agent's change by hand",
      by: "boss",
      at: "2026-11-20T10:00:00.000Z",
      headSha: HEAD,
      covers: [],
      coversAll: true,
    };
    const { decision, policy } = decide([approve("dana")], { waivers: [{ waiver, state: "active" }] });
    expect(decision.conclusion).toBe("success");
    expect(decision.agents?.waived).toBe(true);
    expect(renderCheckOutput(decision, policy).summary).toContain("but the agent policy is waived (see Waivers)");
  });
});

describe("the gate with a change of provider", () => {
  const providers: ProviderVerdict = {
    changes: [
      {
        path: "prompts/support.prompty",
        kind: "vendor",
        before: [{ vendor: "azure", model: "gpt-4o", line: 8 }],
        after: [{ vendor: "minimax", model: "MiniMax-M2.5", line: 7 }],
        newVendors: ["minimax"],
        line: 7,
        needsRoles: true,
      },
    ],
    required: [],
  };

  it("requires the configured roles for the file, beside its owners, and names old and new vendor", () => {
    const { policy } = decide([]);
    const legal = { id: "@legal", role: "legal", members: policy.config.roles["legal"]?.members ?? [], approvals: 1 };
    const verdict = { ...providers, required: [{ requirement: legal, files: ["prompts/support.prompty"] }] };
    const { decision } = decide([approve("dana"), approve("dora")], { providers: verdict });
    expect(decision.requirements.map((r) => [r.id, r.satisfied, r.files])).toEqual([
      ["@ds", true, ["prompts/support.prompty"]],
      ["@legal", false, ["prompts/support.prompty"]],
    ]);
    expect(decision.title).toBe("Waiting for @legal (1 of 2 approved)");
    expect(renderCheckOutput(decision, policy).summary).toContain(
      "### Model providers\n- ⚠️ `prompts/support.prompty` line 7: `azure` (`gpt-4o`) → `minimax` (`MiniMax-M2.5`): a new vendor (`minimax`); `@legal` must approve.",
    );
  });
});
