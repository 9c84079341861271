import { describe, expect, it } from "vitest";
import { decideGate } from "../../src/core/gate/decide.js";
import type { PullRequestFacts, Review } from "../../src/core/gate/types.js";
import type { LicenceRow } from "../../src/core/policies/licences/evaluate.js";
import type { DataPolicies } from "../../src/core/pull/data-policies.js";
import { evaluateWaivers, type Waiver } from "../../src/core/waivers.js";
import { policyFrom } from "../helpers/policy.js";

/**
 * The data policies' roles in the gate: required like an owner, overridable only by a waiver of
 * that role, and an approval goes stale when a file that made the role required changes again.
 */
const HEAD = "h".repeat(40);
const OLD = "o".repeat(40);
const CARD = "models/bot/README.md";
const CONFIG = `
roles:
  mle:
    members: [mia]
  legal:
    members: [lee]
licences:
  role: legal
waivers:
  allow:
    legal: [legal]
`;
const { policy } = policyFrom(CONFIG, "/models/ @mle\n");

const row: LicenceRow = {
  source: CARD,
  line: 2,
  state: "stated",
  ids: ["cc-by-nc-4.0"],
  classes: ["non-commercial"],
  before: ["apache-2.0"],
  isNew: false,
  baseModels: [],
  datasets: [],
  files: [CARD],
  reasons: ["changed from apache-2.0", "non-commercial is not an allowed class"],
};
const flagged: DataPolicies = { licences: { role: "legal", rows: [row], unread: 0 } };

function decide(opts: { reviews?: Review[]; changesSince?: Map<string, string[] | null>; waiver?: Waiver } = {}) {
  const facts: PullRequestFacts = {
    author: "author",
    draft: false,
    headSha: HEAD,
    owner: "acme",
    files: [{ path: CARD, status: "modified" }],
    filesComplete: true,
    reviews: opts.reviews ?? [],
    requestedUsers: [],
    requestedTeams: [],
  };
  const changesSince = opts.changesSince ?? new Map();
  const record = { version: 1 as const, waivers: opts.waiver ? [opts.waiver] : [] };
  return decideGate({
    policy,
    facts,
    teamMembers: new Map(),
    changesSince,
    problems: [],
    dataPolicies: flagged,
    waivers: evaluateWaivers(record, { headSha: HEAD, now: new Date("2026-11-22T10:00:00Z"), changesSince }),
  });
}

describe("a data policy's role in the gate", () => {
  it("is required for the file that tripped it, though no ownership rule names that role there", () => {
    const d = decide();
    expect(d.requirements.map((r) => [r.id, r.files, r.satisfied])).toEqual([["@legal", [CARD], false]]);
    expect(d.conclusion).toBe("action_required");
  });

  it("passes with the role's approval, or with a waiver of the role on the record", () => {
    expect(decide({ reviews: [{ login: "lee", state: "APPROVED", commitId: HEAD }] }).conclusion).toBe("success");
    const waiver: Waiver = {
      id: "1",
      target: "legal",
      reason: "Counsel approved the non-commercial terms for the internal pilot",
      by: "lee",
      at: "2026-11-22T09:00:00.000Z",
      headSha: HEAD,
      covers: [CARD],
      coversAll: false,
    };
    const waived = decide({ waiver });
    expect(waived.conclusion).toBe("success");
    expect(waived.requirements[0]?.waiver?.target).toBe("legal");
  });

  it("an approval goes stale when the card changes again after it", () => {
    const d = decide({
      reviews: [{ login: "lee", state: "APPROVED", commitId: OLD }],
      changesSince: new Map([[OLD, [CARD]]]),
    });
    expect(d.requirements[0]?.stale).toEqual([{ login: "lee", reason: `${CARD} changed since ooooooo` }]);
    expect(d.conclusion).toBe("action_required");
  });
});
