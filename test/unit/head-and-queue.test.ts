import { describe, expect, it } from "vitest";
import { associationLags, siblingsToJudge, stillAtHead } from "../../src/core/gate/head-pulls.js";
import { groupMembers, pullNamedByQueueBranch } from "../../src/core/gate/merge-queue.js";
import { judgeRequiredCheck, protectionListings } from "../../src/core/gate/required-check.js";
import type { HeadFacts } from "../../src/core/pull/facts.js";
import { pullInfo } from "../helpers/pull-facts.js";

const SHA = "a".repeat(40);
const headWith = (pulls: number[] | undefined, recorded: number[] = []): HeadFacts => ({
  sha: SHA,
  state: {
    ok: true,
    state: {
      v: 1,
      pulls: Object.fromEntries(recorded.map((n) => [String(n), { seenAt: "2026-11-30T10:00:00.000Z" }])),
    },
  },
  ...(pulls ? { pulls: pulls.map((number) => pullInfo({ number })) } : {}),
  mark: 0,
});

describe("the pull requests a head's check speaks for", () => {
  it("trusts GitHub's association only when it lists the pull request being judged", () => {
    expect(associationLags(headWith([7, 8]), 7)).toBe(false);
    expect(associationLags(headWith([8]), 7)).toBe(true);
    expect(associationLags(headWith(undefined), 7)).toBe(true);
  });

  it("judges the listed ones and the ones the check recorded, never itself", () => {
    const head = headWith([7, 8], [9, 8]);
    const siblings = siblingsToJudge(head.pulls ?? [], head, 7);
    expect([...siblings.keys()].sort()).toEqual([8, 9]);
    expect(siblings.get(8)?.number).toBe(8);
    expect(siblings.get(9)).toBeUndefined(); // recorded only: read it first
    expect(stillAtHead(pullInfo({ head: { sha: SHA, ref: "f" } }), SHA)).toBe(true);
    expect(stillAtHead(pullInfo({ state: "closed", head: { sha: SHA, ref: "f" } }), SHA)).toBe(false);
    expect(stillAtHead(pullInfo(), SHA)).toBe(false);
  });
});

describe("a merge group's members", () => {
  const group = { headSha: SHA, headRef: `refs/heads/gh-readonly-queue/main/pr-12-${"b".repeat(40)}` };

  it("are the pull request its branch names and every one queued ahead of it", () => {
    expect(pullNamedByQueueBranch(group.headRef)).toBe(12);
    const entries = [
      { position: 3, number: 14, sha: "c".repeat(40) },
      { position: 1, number: 10, sha: "d".repeat(40) },
      { position: 2, number: 12, sha: SHA },
    ];
    expect(groupMembers(entries, group)).toEqual({ numbers: [10, 12], complete: true });
  });

  it("fall back to the named pull request, saying the list is incomplete, when the queue is unreadable", () => {
    expect(groupMembers([], group)).toEqual({ numbers: [12], complete: false });
    expect(groupMembers([], { headSha: SHA, headRef: "refs/heads/main" })).toEqual({ numbers: [], complete: false });
  });
});

describe("whether a branch requires the Squadgate check from this app", () => {
  it("tells pinned from merely required, and says nothing when protection is hidden", () => {
    const listings = protectionListings({
      protected: true,
      protection: {
        required_status_checks: { checks: [{ context: "Squadgate", app_id: 1 }], contexts: ["Squadgate", "ci"] },
      },
    });
    expect(listings).toEqual([
      { context: "Squadgate", appId: 1 },
      { context: "ci", appId: undefined },
    ]);
    expect(judgeRequiredCheck(listings ?? [], "Squadgate", 1)).toEqual({ required: true, pinned: true });
    expect(judgeRequiredCheck([{ context: "Squadgate", appId: undefined }], "Squadgate", 1)).toEqual({
      required: true,
      pinned: false,
    });
    expect(judgeRequiredCheck([], "Squadgate", 1)).toEqual({ required: false, pinned: false });
    expect(protectionListings({ protected: true })).toBeNull();
    expect(protectionListings({ protected: false })).toEqual([]);
  });
});
