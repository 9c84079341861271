import { describe, expect, it } from "vitest";
import { decideGate } from "../../src/core/gate/decide.js";
import { renderCheckOutput } from "../../src/core/render/check-summary.js";
import { renderWaiverRecord } from "../../src/core/render/record-comment.js";
import { findSticky } from "../../src/core/render/sticky.js";
import { WAIVER_RECORD } from "../../src/core/state/channels.js";
import { valueOr } from "../../src/core/state/hidden-state.js";
import {
  addWaiver,
  EMPTY_RECORD,
  endWaivers,
  evaluateWaivers,
  isRewrittenRecord,
  revokeWaiver,
  waiverCommitsToCompare,
  type Waiver,
} from "../../src/core/waivers.js";
import { policyFrom, SQUAD_CONFIG, SQUAD_OWNERS } from "../helpers/policy.js";

const A = "a".repeat(40);
const B = "b".repeat(40);
const NOW = new Date("2026-11-22T12:00:00Z");

const waiver = (overrides: Partial<Waiver> = {}): Waiver => ({
  id: "101",
  target: "legal",
  reason: "Licence reviewed offline by counsel",
  by: "boss",
  at: "2026-11-22T10:00:00.000Z",
  headSha: A,
  covers: ["datasets/b.csv"],
  coversAll: false,
  ...overrides,
});

const record = (...waivers: Waiver[]) => waivers.reduce(addWaiver, EMPTY_RECORD);
const states = (r: ReturnType<typeof record>, headSha: string, changes: [string, string[] | null][] = []) =>
  evaluateWaivers(r, { headSha, now: NOW, changesSince: new Map(changes) }).map((s) => [s.state, s.reason]);

describe("evaluateWaivers", () => {
  it.each<[string, Waiver[], string, [string, string[] | null][], (string | undefined)[][]]>([
    ["active on its own commit", [waiver()], A, [], [["active", undefined]]],
    ["kept when only uncovered files changed", [waiver()], B, [[A, ["src/app.ts"]]], [["active", undefined]]],
    [
      "voided when a covered file changed",
      [waiver()],
      B,
      [[A, ["datasets/b.csv"]]],
      [["voided", `datasets/b.csv changed since ${A.slice(0, 7)}`]],
    ],
    [
      "voided when its commit left the history",
      [waiver()],
      B,
      [[A, null]],
      [["voided", `${A.slice(0, 7)} is no longer an ancestor of the head`]],
    ],
    [
      "a covers-all waiver ends with any new commit",
      [waiver({ coversAll: true, target: "evals" })],
      B,
      [],
      [["voided", `new commits since ${A.slice(0, 7)}`]],
    ],
    [
      "expired",
      [waiver({ expiresAt: "2026-11-22T11:00:00.000Z" })],
      A,
      [],
      [["expired", "expired 2026-11-22T11:00:00.000Z"]],
    ],
    [
      "taken back",
      [waiver({ revoked: { by: "boss", at: "2026-11-22T11:00:00.000Z" } })],
      A,
      [],
      [["revoked", "taken back by @boss"]],
    ],
    [
      "a newer waiver of the same target supersedes",
      [waiver(), waiver({ id: "102", reason: "Second look, still fine" })],
      A,
      [],
      [
        ["superseded", undefined],
        ["active", undefined],
      ],
    ],
  ])("%s", (_name, waivers, head, changes, expected) => {
    expect(states(record(...waivers), head, changes)).toEqual(expected);
  });

  it("compares only live waivers' commits that differ from the head", () => {
    const r = record(
      waiver(),
      waiver({ id: "2", target: "ds", headSha: B }),
      waiver({ id: "3", target: "evals", coversAll: true }),
    );
    expect(waiverCommitsToCompare(r, B)).toEqual([A]);
  });

  it("the label's removal ends only the waivers then in force", () => {
    const live = waiver({ id: "1" });
    const expired = waiver({ id: "2", target: "ds", expiresAt: "2026-11-22T11:00:00.000Z" });
    const ended = endWaivers(record(live, expired), NOW, new Set([live]));
    expect(ended.waivers.map((w) => w.revoked?.note)).toEqual([
      "ended when the squadgate: waiver label was removed",
      undefined,
    ]);
    expect(
      evaluateWaivers(ended, { headSha: A, now: NOW, changesSince: new Map() }).map((s) => [s.state, s.reason]),
    ).toEqual([
      ["revoked", "ended when the squadgate: waiver label was removed"],
      ["expired", "expired 2026-11-22T11:00:00.000Z"],
    ]);
  });

  it("revokes the latest waiver of a target once", () => {
    const revoked = revokeWaiver(record(waiver()), "legal", "boss", NOW);
    expect(revoked?.waivers[0]?.revoked).toEqual({ by: "boss", at: NOW.toISOString() });
    expect(revokeWaiver(revoked!, "legal", "boss", NOW)).toBeUndefined();
    expect(revokeWaiver(record(waiver()), "ds", "boss", NOW)).toBeUndefined();
  });
});

describe("the waiver record comment", () => {
  const scope = { secret: "app-secret", pullRequest: "acme/bot#7" };
  // Signed by us but of any shape: the schema must still refuse what is not a record.
  const signed = (data: unknown) => `<!-- squadgate:record -->\n${WAIVER_RECORD.write(data as never, scope)}`;

  it("round-trips its data, whatever the reason says", () => {
    const nasty = waiver({ reason: "closing --> <script>alert(1)</script> | pipes `ticks`" });
    const body = renderWaiverRecord(record(nasty), scope);
    expect(recordIn(body, scope)).toEqual(record(nasty));
    expect(body).not.toContain("<script>");
    expect(body).toContain("| `@legal` | @boss |");
  });

  it.each([
    ["no data", "just text"],
    ["unsigned data", `<!-- squadgate:data ${Buffer.from(JSON.stringify(record(waiver()))).toString("base64")} -->`],
    [
      "data with a made-up signature",
      `<!-- squadgate:signed ${Buffer.from(JSON.stringify(record(waiver()))).toString("base64url")}.${"A".repeat(32)} -->`,
    ],
    [
      "a record signed for another pull request",
      renderWaiverRecord(record(waiver()), { ...scope, pullRequest: "acme/bot#8" }),
    ],
    ["a record signed with another secret", renderWaiverRecord(record(waiver()), { ...scope, secret: "guessed" })],
    ["the wrong shape, even signed", signed({ version: 1, waivers: [{ target: "legal" }] })],
    [
      "a prototype-polluting shape, even signed",
      signed(JSON.parse('{"__proto__":{"polluted":1},"version":1,"waivers":[]}')),
    ],
  ])("treats %s as no record", (_name, body) => {
    const parsed = recordIn(body, scope);
    expect(parsed === undefined || parsed.waivers.length === 0).toBe(true);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it.each<[string, string | undefined, string | undefined, boolean]>([
    ["written by us just now", "2026-11-22T10:00:00.000Z", "2026-11-22T10:00:02Z", false],
    ["within the tolerated clock difference", "2026-11-22T10:00:00.000Z", "2026-11-22T10:09:00Z", false],
    ["an older genuine record pasted back in later", "2026-11-22T10:00:00.000Z", "2026-11-23T08:00:00Z", true],
    ["a record without its writing time", undefined, "2026-11-22T10:00:00Z", true],
    ["a comment GitHub gave no edit time", "2026-11-22T10:00:00.000Z", undefined, false],
  ])("a record %s: rewritten = %s", (_name, writtenAt, updatedAt, rewritten) => {
    expect(isRewrittenRecord({ ...record(waiver()), ...(writtenAt ? { writtenAt } : {}) }, updatedAt)).toBe(rewritten);
  });

  it("the record read is our latest record comment, so a new one supersedes one edited by hand", () => {
    const ours = (id: number) => ({ id, body: `<!-- squadgate:record -->\n${id}`, author: "squadgate[bot]" });
    const theirs = { id: 3, body: "<!-- squadgate:record -->\nfake", author: "mallory" };
    expect(findSticky([ours(1), ours(2), theirs], "record", "squadgate[bot]")?.id).toBe(2);
  });

  it("a waiver typed into the record's data breaks its signature", () => {
    const body = renderWaiverRecord(record(waiver({ target: "legal" })), scope);
    const tampered = body.replace(/(squadgate:signed )([^.]+)/, (_m, prefix: string, data: string) => {
      const edited = JSON.parse(Buffer.from(data, "base64url").toString("utf8"));
      edited.waivers[0].target = "ds";
      return prefix + Buffer.from(JSON.stringify(edited)).toString("base64url");
    });
    expect(tampered).not.toBe(body);
    expect(recordIn(tampered, scope)).toBeUndefined();
  });
});

describe("waivers in the gate", () => {
  const { policy, problems } = policyFrom(SQUAD_CONFIG, SQUAD_OWNERS);
  const facts = {
    author: "author",
    draft: false,
    headSha: A,
    owner: "acme",
    files: [{ path: "datasets/b.csv" }],
    filesComplete: true,
    reviews: [{ login: "dana", state: "APPROVED" as const, commitId: A }],
    requestedUsers: [],
    requestedTeams: [],
  };

  it("an active waiver satisfies its role and is shown with who, when and why", () => {
    const waivers = evaluateWaivers(record(waiver()), { headSha: A, now: NOW, changesSince: new Map() });
    const decision = decideGate({ policy, facts, teamMembers: new Map(), changesSince: new Map(), problems, waivers });
    expect([decision.conclusion, decision.title]).toEqual(["success", "All 2 required roles approved (1 by waiver)"]);
    const { summary } = renderCheckOutput(decision, policy);
    expect(summary).toContain("| 🟡 | `@legal` |");
    expect(summary).toContain(
      "- 🟡 `@legal` waived by @boss at 2026-11-22T10:00:00.000Z: Licence reviewed offline by counsel (ends when a file it covers changes)",
    );
  });

  it("a voided waiver no longer counts, and the check says why", () => {
    const waivers = evaluateWaivers(record(waiver()), {
      headSha: B,
      now: NOW,
      changesSince: new Map([[A, ["datasets/b.csv"]]]),
    });
    const decision = decideGate({
      policy,
      facts: { ...facts, headSha: B },
      teamMembers: new Map(),
      changesSince: new Map([[A, ["datasets/b.csv"]]]),
      problems,
      waivers,
    });
    expect(decision.conclusion).toBe("action_required");
    expect(renderCheckOutput(decision, policy).summary).toContain(
      `\`@legal\` waiver by @boss no longer applies: datasets/b.csv changed since ${A.slice(0, 7)}`,
    );
  });

  it("a waiver ends when a later commit adds a file its target must now review, one it never covered", () => {
    const changesSince = new Map([[A, ["datasets/new.csv"]]]);
    const waivers = evaluateWaivers(record(waiver()), { headSha: B, now: NOW, changesSince });
    expect(waivers[0]?.state).toBe("active");
    const grown = { ...facts, headSha: B, files: [{ path: "datasets/b.csv" }, { path: "datasets/new.csv" }] };
    const decision = decideGate({ policy, facts: grown, teamMembers: new Map(), changesSince, problems, waivers });
    expect(decision.conclusion).toBe("action_required");
    expect(decision.waivers.map((w) => [w.state, w.reason])).toEqual([
      ["voided", "datasets/new.csv is now required too, and the waiver did not cover it"],
    ]);
  });

  it("a file another role owns does not end the waiver", () => {
    const changesSince = new Map([[A, ["prompts/new.txt"]]]);
    const waivers = evaluateWaivers(record(waiver()), { headSha: B, now: NOW, changesSince });
    const grown = { ...facts, headSha: B, files: [{ path: "datasets/b.csv" }, { path: "prompts/new.txt" }] };
    const decision = decideGate({ policy, facts: grown, teamMembers: new Map(), changesSince, problems, waivers });
    expect(decision.waivers.map((w) => w.state)).toEqual(["active"]);
    expect(decision.requirements.find((r) => r.role === "legal")?.satisfied).toBe(true);
  });
});

/** The waiver record a comment body carries, as the gate reads it; undefined when it does not read back. */
function recordIn(body: string, scope: Parameters<typeof WAIVER_RECORD.read>[1]) {
  return valueOr<ReturnType<typeof WAIVER_RECORD.schema.parse> | undefined>(WAIVER_RECORD.read(body, scope), undefined);
}
