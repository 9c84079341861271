import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../src/config/validate-config.js";
import { baselineOf, dispatchOnRecord, judgeEvalRun, supersededResults } from "../../src/core/evals/ingest.js";
import { parseResultFile } from "../../src/core/evals/parse-results.js";
import type { RunResults } from "../../src/core/evals/run-results.js";
import type { RunFacts, RunTarget } from "../../src/core/evals/runs.js";
import { readFixture } from "../helpers/fixtures.js";

const HEAD = "c".repeat(40);
const BASE = "b".repeat(40);
const NOW = new Date("2026-11-30T12:00:00Z");
const config = parseConfigText(
  `evals:
  workflow: squadgate-eval.yml
  metrics:
    - { match: "support.accuracy", direction: higher, max_drop: 0.01, gating: true }
`,
  ".github/squadgate.yml",
).config;
const evals = config?.evals;
if (!evals) throw new Error("evals config expected");

const suite = (file: string) => {
  const parsed = parseResultFile(file, readFixture(`evals/${file}`), "support");
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.result;
};
const results = (file: string, commit: string): RunResults => ({ suites: [suite(file)], problems: [], commit });
const run: RunFacts = {
  id: 9,
  event: "workflow_dispatch",
  head_sha: HEAD,
  head_branch: "main",
  html_url: "https://github.com/acme/models/actions/runs/9",
  actor: { login: "squadgate[bot]" },
  repository: { id: 1 },
  pull_requests: [],
};
const target: RunTarget = { number: 7, headSha: HEAD, baseRef: "main", trusted: true, dispatched: true };
const baseline = baselineOf(
  {
    run: { head_sha: BASE, html_url: "https://github.com/acme/models/actions/runs/8" },
    skipped: 0,
    results: results("metrics.base.json", BASE),
  },
  { workflow: "squadgate-eval.yml", branch: "main" },
);
const judge = (over: Partial<Parameters<typeof judgeEvalRun>[0]> = {}) =>
  judgeEvalRun({
    evals,
    run,
    target,
    liveHeadSha: HEAD,
    onRecord: true,
    head: results("metrics.head.yaml", HEAD),
    baseline,
    now: NOW,
    ...over,
  });

describe("a finished eval run, judged from its facts", () => {
  it("gives the head its verdict when Squadgate dispatched it on the base branch for this commit", () => {
    const judged = judge();
    expect(judged.state.status).toBe("pass");
    expect(judged.forHead).toBe(judged.state);
    expect(judged.results).toContain("support.accuracy");
    const data = judged.data({
      version: 1,
      dispatches: [{ sha: HEAD, at: NOW.toISOString(), by: "dana", done: false }],
    });
    expect(data).toEqual({
      version: 1,
      resultsSha: HEAD,
      dispatches: [{ sha: HEAD, at: NOW.toISOString(), by: "dana", done: true }],
    });
  });

  it("never lets numbers pass that Squadgate did not ask for, or that name another commit", () => {
    const offRecord = judge({ onRecord: false });
    expect(offRecord.state.status).not.toBe("pass");
    expect(offRecord.results).toContain("was not dispatched by Squadgate's /eval");
    const otherCommit = judge({ head: results("metrics.head.yaml", "e".repeat(40)) });
    expect(otherCommit.state.status).not.toBe("pass");
    expect(otherCommit.results).toContain("evaluated eeeeeee, not ccccccc");
    const fork = judge({
      run: { ...run, event: "pull_request" },
      target: { ...target, trusted: false, dispatched: undefined } as RunTarget,
    });
    expect(fork.results).toContain("come from a fork's own workflow");
  });

  it("shows an older commit's results without counting them, and never over the head's own", () => {
    const stale = judge({ liveHeadSha: "f".repeat(40) });
    expect(stale.forHead).toBeUndefined();
    expect(supersededResults(true, { version: 1, resultsSha: "f".repeat(40), dispatches: [] }, "f".repeat(40))).toBe(
      true,
    );
    expect(supersededResults(true, { version: 1, resultsSha: HEAD, dispatches: [] }, "f".repeat(40))).toBe(false);
  });

  it("leaves the head's verdict alone when a partial run could not judge everything", () => {
    const partial = judge({
      target: { ...target, suites: ["support"] },
      head: { suites: [], problems: ["no results"] },
    });
    expect(partial.state.status).toBe("incomplete");
    expect(partial.forHead).toBeUndefined();
  });

  it("counts a dispatched run only with its dispatch on record, and says why there is no baseline", () => {
    expect(dispatchOnRecord(target, undefined)).toBe(false);
    expect(
      dispatchOnRecord(target, {
        version: 1,
        dispatches: [{ sha: HEAD, at: NOW.toISOString(), by: "d", done: false }],
      }),
    ).toBe(true);
    expect(dispatchOnRecord({ ...target, dispatched: undefined } as RunTarget, undefined)).toBe(true);
    expect(baselineOf({ skipped: 2 }, { workflow: "e.yml", branch: "main" }).problems[0]).toContain(
      "(a tag named like it?)",
    );
    expect(baselineOf({ skipped: 0 }, { workflow: "e.yml", branch: "main" }).problems[0]).toBe(
      "no baseline: e.yml has no successful push run on main, so nothing could be compared",
    );
  });
});
