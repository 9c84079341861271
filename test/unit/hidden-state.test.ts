import { describe, expect, it } from "vitest";
import { EMPTY_EVAL_DATA } from "../../src/core/evals/comment-data.js";
import { EMPTY_HEAD_STATE } from "../../src/core/gate/head-state.js";
import {
  EVAL_COMMENT_DATA,
  HEAD_STATE,
  HIDDEN_STATE,
  TICK_RECORD,
  WAIVER_RECORD,
} from "../../src/core/state/channels.js";
import { EMPTY_RECORD } from "../../src/core/waivers.js";

const SCOPE = { secret: "s3cret", pullRequest: "acme/bot#2" };
const samples = new Map<unknown, unknown>([
  [HEAD_STATE, { v: 1, pulls: { "2": { seenAt: "2026-11-22T10:00:00.000Z" } } }],
  [EVAL_COMMENT_DATA, { ...EMPTY_EVAL_DATA, resultsSha: "a".repeat(40) }],
  [WAIVER_RECORD, EMPTY_RECORD],
  [TICK_RECORD, { "prompt/tone": { by: "dana", at: "2026-11-22T10:00:00.000Z" } }],
]);

describe("the state Squadgate keeps on GitHub", () => {
  it.each(HIDDEN_STATE.map((channel) => [channel.name, channel] as const))(
    "%s reads back what was written, amid other text",
    (_name, channel) => {
      const value = samples.get(channel);
      const text = `Some text\n${(channel.write as (v: unknown, s: unknown) => string)(value, SCOPE)}\nmore text`;
      expect(channel.read(text, SCOPE)).toEqual({ status: "ok", value });
      expect(channel.read("no block here", SCOPE)).toEqual({ status: "absent" });
    },
  );

  it("is signed wherever people can edit the text it lives in, and only there", () => {
    expect(HIDDEN_STATE.filter((c) => c.signed).map((c) => c.name)).toEqual(["waiver record", "checklist ticks"]);
    // The check run's text only this app can write; the eval comment's data can at worst refuse an /eval.
    expect(HEAD_STATE.where).toContain("only this app can write");
    expect(EVAL_COMMENT_DATA.where).toContain("never count results");
  });

  it("reads a signed block copied from another pull request, or edited, as unreadable", () => {
    const written = WAIVER_RECORD.write(EMPTY_RECORD, SCOPE);
    expect(WAIVER_RECORD.read(written, { ...SCOPE, pullRequest: "acme/bot#3" })).toEqual({ status: "unreadable" });
    expect(WAIVER_RECORD.read(written.replace(/.(?= -->)/, "x"), SCOPE)).toEqual({ status: "unreadable" });
    expect(() => WAIVER_RECORD.read(written)).toThrow("needs the pull request's signing scope");
  });

  it("reads a plain block of the wrong shape as unreadable, never as empty", () => {
    const wrong = `<!-- squadgate:data ${Buffer.from(JSON.stringify({ head: { v: 2 } })).toString("base64")} -->`;
    expect(HEAD_STATE.read(wrong)).toEqual({ status: "unreadable" });
    expect(HEAD_STATE.read("<!-- squadgate:data %%% -->")).toEqual({ status: "unreadable" });
    expect(HEAD_STATE.read(HEAD_STATE.write(EMPTY_HEAD_STATE))).toEqual({ status: "ok", value: EMPTY_HEAD_STATE });
  });
});
