import { describe, expect, it } from "vitest";
import { dispatchedComment, dispatchRefusal, evalRefusal } from "../../src/core/commands/eval.js";
import { allowedCommands, mayRecheck, mayRunEvals, ownPullRequest } from "../../src/core/commands/permissions.js";
import { headMovedReply } from "../../src/core/commands/replies.js";
import {
  decideWaive,
  recordToAmend,
  recordWrites,
  unknownTarget,
  waiverToTakeBack,
} from "../../src/core/commands/waive.js";
import { WAIVER_LABEL } from "../../src/core/state/channels.js";
import { decideSnapshot } from "../../src/core/pull/decide.js";
import { readWaiverRecord } from "../../src/core/pull/record.js";
import { EMPTY_EVAL_DATA } from "../../src/core/render/eval-comment.js";
import { withMarker } from "../../src/core/render/sticky.js";
import { evaluateWaivers, revokeWaiver } from "../../src/core/waivers.js";
import { SQUAD_CONFIG, SQUAD_OWNERS } from "../helpers/policy.js";
import { BOT, HEAD, NOW, pullWorld, snapshotOfWorld } from "../helpers/pull-facts.js";

const CONFIG = `${SQUAD_CONFIG}
waivers:
  allow:
    legal: [lee, boss]
`;
const seenBefore = (at: string) => ({ v: 1 as const, pulls: { "7": { seenAt: at } } });
const comment = { id: 555, url: "https://github.com/acme/models/pull/7#issuecomment-555", author: "boss" };

/** A dataset pull request that needs ds and legal, seen by Squadgate at 10:00. */
function datasetPull(over: { headSeenAt?: string; record?: boolean } = {}) {
  const world = pullWorld({
    config: CONFIG,
    ownership: SQUAD_OWNERS,
    files: ["datasets/train.csv"],
    reviews: [{ login: "dana", state: "APPROVED", commitId: HEAD }],
    headState: seenBefore(over.headSeenAt ?? "2026-11-30T10:00:00.000Z"),
  });
  return snapshotOfWorld(world);
}

const waiveFacts = (snapshot: ReturnType<typeof datasetPull>, createdAt = "2026-11-30T11:00:00.000Z") => {
  if (!snapshot.policy) throw new Error("policy expected");
  return {
    config: snapshot.policy.config,
    record: snapshot.record,
    decision: decideSnapshot(snapshot, NOW),
    headSha: snapshot.headSha,
    head: snapshot.head.state,
    pull: 7,
    comment: { ...comment, createdAt },
    allowed: true,
  };
};

describe("/waive, decided from facts", () => {
  it("records a waiver covering the files that made the role required, and the gate then counts it", () => {
    const snapshot = datasetPull();
    const before = decideSnapshot(snapshot, NOW);
    expect(before.requirements.find((r) => r.role === "legal")?.satisfied).toBe(false);
    const outcome = decideWaive({ target: "legal", reason: "licence reviewed offline" }, waiveFacts(snapshot));
    expect(outcome.ok).toBe(true);
    expect(outcome.record?.waivers).toEqual([
      expect.objectContaining({
        id: "555",
        target: "legal",
        by: "boss",
        headSha: HEAD,
        covers: ["datasets/train.csv"],
      }),
    ]);
    const after = decideSnapshot({ ...snapshot, record: outcome.record ?? snapshot.record }, NOW);
    expect(after.requirements.find((r) => r.role === "legal")).toMatchObject({
      satisfied: true,
      waiver: { by: "boss" },
    });
    expect(before.title).toBe("Waiting for @legal, 4 required checklist items (1 of 2 approved)");
    // Only the dataset checklist is left: its required items are the author's to tick.
    expect(after.title).toBe("Waiting for 4 required checklist items");
  });

  it("refuses whoever is not allowed, a head pushed after the comment, and a role this pull request does not need", () => {
    const snapshot = datasetPull();
    const refused = decideWaive(
      { target: "legal", reason: "licence reviewed offline" },
      {
        ...waiveFacts(snapshot),
        allowed: false,
      },
    );
    expect(refused).toEqual({ ok: false, reply: expect.stringContaining("you may not waive `legal`") });
    // The comment was written at 09:00; the head Squadgate judges now was first seen at 10:00.
    const moved = decideWaive(
      { target: "legal", reason: "licence reviewed offline" },
      waiveFacts(snapshot, "2026-11-30T09:00:00.000Z"),
    );
    expect(moved.reply).toContain("which Squadgate had not seen when you wrote your comment");
    expect(moved.record).toBeUndefined();
    const notNeeded = decideWaive({ target: "mle", reason: "not my models at all" }, waiveFacts(snapshot));
    expect(notNeeded).toEqual({
      ok: false,
      reply: "`mle` is not required on this pull request, so there is nothing to waive.",
    });
  });

  it("refuses whoever started the agent that wrote the pull request, even when the config lets them waive", () => {
    const world = pullWorld({
      config: `${CONFIG}agents: {}\n`,
      ownership: SQUAD_OWNERS,
      files: ["datasets/train.csv"],
      pr: { author: "Copilot", authorBot: true },
      headState: seenBefore("2026-11-30T10:00:00.000Z"),
    });
    // Copilot's commit names boss, who asked for it, as co-author.
    world.facts.pushers = {
      logins: ["copilot"],
      commits: [
        {
          sha: "1".repeat(40),
          message: "Add rows\n\nCo-authored-by: boss <7+boss@users.noreply.github.com>",
          author: { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot" },
          committer: { name: "GitHub", email: "noreply@github.com", login: "web-flow" },
        },
      ],
    };
    const outcome = decideWaive(
      { target: "legal", reason: "licence reviewed offline" },
      waiveFacts(snapshotOfWorld(world)),
    );
    expect(outcome).toEqual({ ok: false, reply: expect.stringContaining("nor on one an AI agent they started wrote") });
  });

  it("writes nothing again for a redelivered comment", () => {
    const snapshot = datasetPull();
    const first = decideWaive({ target: "legal", reason: "licence reviewed offline" }, waiveFacts(snapshot));
    const again = decideWaive(
      { target: "legal", reason: "licence reviewed offline" },
      { ...waiveFacts(snapshot), record: first.record ?? snapshot.record },
    );
    expect(again).toEqual({ ok: true });
  });

  it("names what can be waived when the target is unknown or not configured", () => {
    const snapshot = datasetPull();
    const config = snapshot.policy?.config;
    if (!config) throw new Error("policy expected");
    expect(unknownTarget(config, "legal")).toBeUndefined();
    expect(unknownTarget(config, "finance")).toBe(
      "`finance` is not a role here (roles: `ds`, `legal`, `mle`), nor `evals`, `checklist` or `agents`.",
    );
    expect(unknownTarget(config, "evals")).toContain("it is not configured");
    expect(unknownTarget(config, "agents")).toContain("it is not configured");
  });

  it("writes the record signed for this pull request, with the label that makes it count", () => {
    const snapshot = datasetPull();
    const { record } = decideWaive({ target: "legal", reason: "licence reviewed offline" }, waiveFacts(snapshot));
    if (!record) throw new Error("record expected");
    const pull = { owner: "acme", repo: "models", number: 7 };
    const writes = recordWrites(record, { pull, secret: "test-secret", labelled: false, tampered: false, now: NOW });
    expect(writes.map((w) => w.kind)).toEqual(["sticky", "label"]);
    expect(writes[1]).toEqual({ kind: "label", name: WAIVER_LABEL });
    // Read back the way the next event reads it: it verifies only for this pull request.
    const sticky = writes[0];
    if (sticky?.kind !== "sticky") throw new Error("sticky expected");
    const world = pullWorld({ config: CONFIG, ownership: SQUAD_OWNERS, files: ["datasets/train.csv"] });
    const facts = {
      ...world.facts,
      comments: [{ id: 1, nodeId: "IC_1", body: withMarker("record", sticky.body), author: BOT }],
      recordEditor: null,
    };
    expect(readWaiverRecord(facts, { ...world.ctx, readRecord: true }, true).record.waivers).toHaveLength(1);
    const elsewhere = { ...world.ctx, pull: { ...pull, number: 8 }, readRecord: true };
    expect(readWaiverRecord(facts, elsewhere, true)).toMatchObject({ tampered: true, record: { waivers: [] } });
    expect(recordWrites(record, { pull, secret: "s", labelled: true, tampered: true, now: NOW })).toEqual([
      expect.objectContaining({ kind: "sticky", keepExisting: true }),
    ]);
  });

  it("ends the waivers in force when the label was removed, before anything is added to the record", () => {
    const snapshot = datasetPull();
    const { record } = decideWaive({ target: "legal", reason: "licence reviewed offline" }, waiveFacts(snapshot));
    if (!record) throw new Error("record expected");
    const input = { headSha: HEAD, changesSince: new Map(), now: NOW };
    expect(recordToAmend(record, { ...input, labelled: true })).toBe(record);
    const ended = recordToAmend(record, { ...input, labelled: false });
    expect(evaluateWaivers(ended, input).map((s) => s.state)).toEqual(["revoked"]);
  });
});

describe("/unwaive, decided from facts", () => {
  it("lets the giver take their waiver back, and asks the others' standing", () => {
    const snapshot = datasetPull();
    const { record } = decideWaive({ target: "legal", reason: "licence reviewed offline" }, waiveFacts(snapshot));
    if (!record) throw new Error("record expected");
    expect(waiverToTakeBack(record, "legal", "BOSS")).toEqual({ ownWaiver: true });
    expect(waiverToTakeBack(record, "legal", "lee")).toEqual({ ownWaiver: false });
    expect(waiverToTakeBack(record, "ds", "boss")).toEqual({ reply: "there is no waiver of `ds` to take back." });
    const revoked = revokeWaiver(record, "legal", "boss", NOW);
    if (!revoked) throw new Error("revoked expected");
    expect(waiverToTakeBack(revoked, "legal", "boss")).toEqual({
      reply: "there is no waiver of `legal` to take back.",
    });
  });
});

describe("who may run which command", () => {
  it("lets the author recheck without a role, others from triage up, and evals from write up", () => {
    expect(mayRecheck({ author: "Alice", commenter: "alice", role: "none" })).toBe(true);
    expect(mayRecheck({ author: "alice", commenter: "bob", role: "read" })).toBe(false);
    expect(mayRecheck({ author: "alice", commenter: "bob", role: "triage" })).toBe(true);
    expect(mayRunEvals("triage")).toBe(false);
    expect(mayRunEvals("maintain")).toBe(true);
    expect(ownPullRequest({ author: "alice", commenter: "ALICE" })).toBe(true);
  });

  it("offers in /help only what the config enables and the commenter may do", () => {
    expect(allowedCommands({ checklistsOn: true, mayRecheck: false, waivable: [] })).toEqual(["help", "owners"]);
    expect(allowedCommands({ checklistsOn: true, mayRecheck: true, waivable: ["legal"] })).toEqual([
      "help",
      "owners",
      "recheck",
      "checklist",
      "waive",
      "unwaive",
    ]);
    expect(allowedCommands({ checklistsOn: false, mayRecheck: true, waivable: [] })).toEqual([
      "help",
      "owners",
      "recheck",
    ]);
  });
});

describe("/eval, decided from facts", () => {
  const evals = { cooldown_minutes: 10 } as Parameters<typeof evalRefusal>[0]["evals"];
  const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000).toISOString();

  it("dispatches once per commit at a time, and not more often than the cooldown", () => {
    expect(evalRefusal({ evals, headSha: HEAD, data: EMPTY_EVAL_DATA, now: NOW })).toBeUndefined();
    const running = { version: 1 as const, dispatches: [{ sha: HEAD, at: at(30), by: "dana", done: false }] };
    expect(evalRefusal({ evals, headSha: HEAD, data: running, now: NOW })).toContain(
      "is already running (asked by @dana)",
    );
    // A dispatch not heard back from in two hours no longer blocks.
    const lost = { version: 1 as const, dispatches: [{ sha: HEAD, at: at(121), by: "dana", done: false }] };
    expect(evalRefusal({ evals, headSha: HEAD, data: lost, now: NOW })).toBeUndefined();
    const recent = { version: 1 as const, dispatches: [{ sha: "e".repeat(40), at: at(3), by: "dana", done: true }] };
    expect(evalRefusal({ evals, headSha: HEAD, data: recent, now: NOW })).toBe(
      "evals on this pull request are limited to one every 10 minutes; try again in 7 minutes.",
    );
  });

  it("keeps the last 20 dispatches on record, and explains GitHub's refusals", () => {
    const full = {
      version: 1 as const,
      dispatches: Array.from({ length: 20 }, (_, i) => ({ sha: HEAD, at: at(100 + i), by: `u${i}`, done: true })),
    };
    const update = dispatchedComment({ headSha: HEAD, by: "dana", suites: ["golden"], now: NOW });
    expect(update.banner).toContain("Asked for by @dana (suites: `golden`).");
    const next = update.data(full);
    expect(next.dispatches).toHaveLength(20);
    expect(next.dispatches.at(-1)).toEqual({ sha: HEAD, at: NOW.toISOString(), by: "dana", done: false });
    expect(dispatchRefusal(404, "eval.yml", "main")).toBe(
      "`eval.yml` does not exist on `main`, so there is nothing to run.",
    );
    expect(dispatchRefusal(422, "eval.yml", "main")).toContain("on: workflow_dispatch");
    expect(dispatchRefusal(500, "eval.yml", "main")).toBeUndefined();
  });

  it("refuses a head the commenter could not have seen, or a head state that does not read back", () => {
    const seen = { ok: true as const, state: seenBefore("2026-11-30T10:00:00.000Z") };
    const input = { pull: 7, commentedAt: "2026-11-30T10:30:00.000Z", headSha: HEAD };
    expect(headMovedReply(seen, input)).toBeUndefined();
    expect(headMovedReply(seen, { ...input, commentedAt: "2026-11-30T09:59:00.000Z" })).toContain("is now `ccccccc`");
    expect(headMovedReply({ ok: false }, input)).toContain("had not seen");
  });
});
