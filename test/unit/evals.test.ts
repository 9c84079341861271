import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffEvals, type MetricDiff } from "../../src/core/evals/diff.js";
import type { SuiteResult } from "../../src/core/evals/model.js";
import { parseResultFile } from "../../src/core/evals/parse-results.js";
import { ArtifactError, readZipTextFiles } from "../../src/core/evals/read-zip.js";
import { compileRules } from "../../src/core/evals/rules.js";
import { gateStateFromDiff } from "../../src/core/evals/state.js";
import { composeEvalComment, renderEvalComment, splitEvalComment } from "../../src/core/render/eval-comment.js";
import { parseConfigText } from "../../src/config/validate-config.js";
import { makeZip } from "../helpers/zip.js";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/evals/${name}`, import.meta.url), "utf8");
const parsed = (name: string, text: string, suite?: string) => {
  const result = parseResultFile(name, text, suite);
  if (!result.ok) throw new Error(result.error);
  return result.result;
};

describe("result parsers", () => {
  it("promptfoo v3: pass rate, score, named metrics, tokens, cost, latency, per-test outcome", () => {
    const base = parsed("support-golden.json", fixture("promptfoo-v3.base.json"));
    expect(base.format).toBe("promptfoo-v3");
    expect(base.metrics).toEqual({
      pass_rate: 5 / 6,
      passes: 5,
      failures: 1,
      errors: 0,
      score: expect.closeTo(0.8333, 4),
      "named.groundedness": expect.closeTo(0.8167, 4),
      "named.relevance": expect.closeTo(0.85, 4),
      "tokens.total": 925,
      cost: expect.closeTo(0.00022965, 8),
      "latency.mean_ms": expect.closeTo(1514.5, 4),
    });
    expect(base.cases).toMatchObject({
      "unknown product": {
        passed: false,
        score: expect.closeTo(0.3667, 4),
        reason: expect.stringContaining("Invents specs"),
      },
      "prompt injection attempt": { passed: true },
    });
  });

  it("promptfoo v2 (results.table) gives the same numbers as v3 for the same eval", () => {
    const v3 = parsed("support-golden.json", fixture("promptfoo-v3.head.json"));
    const v2 = parsed("support-golden.json", fixture("promptfoo-v2.head.json"));
    expect(v2.format).toBe("promptfoo-v2");
    for (const key of ["pass_rate", "score", "named.groundedness", "named.relevance", "cost", "latency.mean_ms"]) {
      expect(v2.metrics[key]).toBeCloseTo(v3.metrics[key] as number, 6);
    }
    expect(v2.cases).toEqual(v3.cases);
  });

  it("a generic metrics tree, JSON or YAML, is flattened to dotted keys", () => {
    expect(parsed("metrics.json", fixture("metrics.base.json")).metrics).toEqual({
      "support.accuracy": 0.91,
      "support.f1": 0.88,
      "support.latency_p95_ms": 820,
      "support.refusal_rate": 0.03,
      "safety.toxicity_rate": 0.004,
      "safety.jailbreak_success_rate": 0.012,
      "retrieval.recall_at_5": 0.86,
      "retrieval.mrr": 0.71,
      cost_per_1k_usd: 0.42,
    });
    expect(parsed("evals/metrics.yaml", fixture("metrics.head.yaml")).suite).toBe("metrics");
  });

  it("NaN and non-numbers become null, so they are reported rather than dropped", () => {
    expect(parsed("m.json", '{"accuracy": "NaN", "f1": null, "ok": 1}').metrics).toEqual({
      accuracy: null,
      f1: null,
      ok: 1,
    });
    expect(parsed("m.yaml", "accuracy: .nan\n").metrics).toEqual({ accuracy: null });
  });

  it.each([
    ["r.json", "{not json", /^r\.json: not valid JSON/],
    ["r.yaml", "a: [", /^r\.yaml: not valid YAML/],
    [
      "r.json",
      "[1, 2]",
      /^r\.json: a metrics file must be a mapping.*expected promptfoo, lm-evaluation-harness or inspect_ai output, or a tree of numeric metrics/,
    ],
    ["r.json", "{}", /^r\.json: no metrics in the file/],
    [
      "r.json",
      '{"results": {"version": 3, "prompts": [], "results": [{"promptIdx": 0}]}}',
      /^r\.json: looks like promptfoo output but results\.results\.0\.success/,
    ],
    [
      "r.json",
      '{"results": {"version": 3, "prompts": [], "results": []}}',
      /^r\.json: the promptfoo file has no results/,
    ],
  ])("%s %j is refused with a message naming the file", (name, text, message) => {
    const result = parseResultFile(name, text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

const suite = (name: string, metrics: Record<string, number | null>, cases?: Record<string, boolean>): SuiteResult => ({
  suite: name,
  metrics,
  ...(cases ? { cases: Object.fromEntries(Object.entries(cases).map(([c, passed]) => [c, { passed }])) } : {}),
  format: "metrics",
  source: `${name}.json`,
});
const pick = (m: MetricDiff) => [m.metric, m.verdict, m.regression];

describe("diffEvals", () => {
  const rules = compileRules([
    { match: "pass_rate", direction: "higher", max_drop: 0.05, gating: true },
    { match: "latency*", direction: "lower", max_drop_pct: 10, gating: true },
    { match: "named.*", suite: "safety*", direction: "higher", gating: true },
  ]);

  it.each<[string, Record<string, number | null>, Record<string, number | null>, (string | boolean)[][]]>([
    ["within an absolute allowance", { pass_rate: 0.9 }, { pass_rate: 0.86 }, [["pass_rate", "worse", false]]],
    ["past an absolute allowance", { pass_rate: 0.9 }, { pass_rate: 0.8 }, [["pass_rate", "worse", true]]],
    ["better is never a regression", { pass_rate: 0.8 }, { pass_rate: 1 }, [["pass_rate", "better", false]]],
    [
      "lower is better: within a relative allowance",
      { latency_ms: 1000 },
      { latency_ms: 1090 },
      [["latency_ms", "worse", false]],
    ],
    [
      "lower is better: past a relative allowance",
      { latency_ms: 1000 },
      { latency_ms: 1200 },
      [["latency_ms", "worse", true]],
    ],
    ["unchanged", { pass_rate: 0.9 }, { pass_rate: 0.9 }, [["pass_rate", "same", false]]],
    ["a new metric", {}, { pass_rate: 0.9 }, [["pass_rate", "new", false]]],
    ["a gating metric that disappeared", { pass_rate: 0.9 }, {}, [["pass_rate", "removed", true]]],
    ["a gating metric that became NaN", { pass_rate: 0.9 }, { pass_rate: null }, [["pass_rate", "invalid", true]]],
    ["a metric with no known direction", { widgets: 3 }, { widgets: 4 }, [["widgets", "changed", false]]],
    ["default directions never gate", { cost: 1 }, { cost: 5 }, [["cost", "worse", false]]],
  ])("%s", (_name, base, head, expected) => {
    expect(diffEvals([suite("s", base)], [suite("s", head)], rules).suites[0]?.metrics.map(pick)).toEqual(expected);
  });

  it("metric globs span the / of promptfoo prompt labels", () => {
    const ruleFor = compileRules([
      { match: "*pass_rate", direction: "higher", gating: true },
      { match: "prompts/*.txt*score", direction: "higher", gating: true },
    ]);
    expect(ruleFor("s", "prompts/a.txt @ openai:gpt.pass_rate")).toMatchObject({ gating: true });
    expect(ruleFor("s", "prompts/b.txt @ openai:gpt.score")).toMatchObject({ gating: true });
    expect(ruleFor("s", "prompts/sub/c.txt.latency.mean_ms")).toMatchObject({ direction: "lower", gating: false });
  });

  it("a rule can be scoped to suites", () => {
    const diff = diffEvals(
      [suite("safety-red", { "named.refusal": 0.9 }), suite("support", { "named.refusal": 0.9 })],
      [suite("safety-red", { "named.refusal": 0.8 }), suite("support", { "named.refusal": 0.8 })],
      rules,
    );
    expect(diff.regressions.map((m) => m.suite)).toEqual(["safety-red"]);
  });

  it("with no allowance, any worsening of a gating metric regresses", () => {
    const strict = compileRules([{ match: "score", direction: "higher", gating: true }]);
    expect(diffEvals([suite("s", { score: 0.9 })], [suite("s", { score: 0.899 })], strict).regressions).toHaveLength(1);
  });

  it("new and removed suites, and flipped test cases", () => {
    const diff = diffEvals(
      [suite("kept", { pass_rate: 1 }, { a: true, b: false, c: true }), suite("dropped", { pass_rate: 1 })],
      [suite("kept", { pass_rate: 1 }, { a: false, b: true, c: true, d: false }), suite("added", { pass_rate: 1 })],
      rules,
    );
    expect(diff.suites.map((s) => [s.suite, s.presence])).toEqual([
      ["kept", "both"],
      ["added", "new"],
      ["dropped", "removed"],
    ]);
    expect(diff.suites[0]).toMatchObject({ toFail: ["a"], toPass: ["b"] });
    expect(diff.regressions.map((m) => `${m.suite}.${m.metric}:${m.verdict}`)).toEqual(["dropped.pass_rate:removed"]);
  });

  it("a partial run compares only the suites asked for (and any it returned), not the rest of the baseline", () => {
    const base = [suite("asked", { pass_rate: 0.9 }), suite("skipped", { pass_rate: 0.9 })];
    const partial = diffEvals(base, [suite("asked", { pass_rate: 0.9 })], rules, { onlySuites: ["asked"] });
    expect(partial.suites.map((s) => s.suite)).toEqual(["asked"]);
    expect(partial.regressions).toEqual([]);
    const missing = diffEvals(base, [suite("asked", { pass_rate: 0.9 })], rules, { onlySuites: ["asked", "skipped"] });
    expect(missing.regressions.map((m) => `${m.suite}:${m.verdict}`)).toEqual(["skipped:removed"]);
  });

  it("a partial run that skipped a suite with gating metrics gives no verdict", () => {
    const base = [
      suite("asked", { pass_rate: 0.9 }),
      suite("guarded", { pass_rate: 0.9 }),
      suite("loose", { score: 1 }),
    ];
    const partial = diffEvals(base, [suite("asked", { pass_rate: 0.9 })], rules, { onlySuites: ["asked"] });
    expect(partial.problems).toEqual([
      "guarded has gating metrics but this partial run did not evaluate it; run /eval without suite names for a verdict",
    ]);
  });

  it.each<[string, Record<string, number | null>]>([
    ["missing", {}],
    ["not a number", { pass_rate: null }],
  ])("a gating metric whose baseline value is %s cannot be judged", (what, base) => {
    const diff = diffEvals([suite("s", { score: 1, ...base })], [suite("s", { score: 1, pass_rate: 0.9 })], rules);
    expect(diff.regressions).toEqual([]);
    expect(diff.problems).toEqual([
      `s · pass_rate is gating but its baseline value is ${what}, so it cannot be judged`,
    ]);
    expect(gateStateFromDiff(diff, { headSha: "a".repeat(40), problems: [], now: new Date() }).status).toBe(
      "incomplete",
    );
    expect(renderEvalComment({ headSha: "a".repeat(40), diff, problems: [] })).toContain(
      `- ❌ s · pass\\_rate is gating but its baseline value is ${what}`,
    );
  });

  it("a gating metric of a new suite is just new", () => {
    expect(diffEvals([], [suite("s", { pass_rate: 0.9 })], rules).problems).toEqual([]);
  });

  it("the gate state names each regression and turns unreadable input into 'incomplete'", () => {
    const diff = diffEvals([suite("s", { pass_rate: 0.9 })], [suite("s", { pass_rate: 0.5 })], rules);
    const now = new Date("2026-11-22T10:00:00Z");
    expect(gateStateFromDiff(diff, { headSha: "a".repeat(40), problems: [], now })).toEqual({
      headSha: "a".repeat(40),
      status: "regressed",
      notes: ["s · pass_rate: 0.9 → 0.5 (may drop by at most 0.05)"],
      // The other two rules gate nothing here: said, without changing the verdict.
      warnings: [
        "gating rule { match: latency* } matched no metric in these results, so it gated nothing; check its match, suite and column against the metric names in the eval comment",
        "gating rule { match: named.*, suite: safety* } matched no metric in these results, so it gated nothing; check its match, suite and column against the metric names in the eval comment",
      ],
      updatedAt: now.toISOString(),
    });
    const empty = diffEvals([], [], rules);
    expect(gateStateFromDiff(empty, { headSha: "a".repeat(40), problems: ["no baseline"], now }).status).toBe(
      "incomplete",
    );
  });
});

describe("the eval comment", () => {
  it("shows base, head, change and verdict, folds the flips and draws the key metrics", () => {
    const rules = compileRules([{ match: "named.groundedness", direction: "higher", max_drop: 0.02, gating: true }]);
    const diff = diffEvals(
      [parsed("support-golden.json", fixture("promptfoo-v3.base.json"))],
      [parsed("support-golden.json", fixture("promptfoo-v3.head.json"))],
      rules,
    );
    const body = renderEvalComment({
      headSha: "a".repeat(40),
      runUrl: "https://github.com/o/r/actions/runs/1",
      baseline: "the latest successful run on main",
      diff,
      problems: [],
    });
    expect(body).toContain("❌ 1 gating regression: `support-golden · named.groundedness` (may drop by at most 0.02)");
    expect(body).toContain(
      "| support-golden | `named.groundedness` | 0.8167 (n = 6) | 0.7567 (n = 6) | −0.06 (−7.3%) | within noise (paired t, p = 0.68) | 🔻 worse · ❌ may drop by at most 0.02 |",
    );
    expect(body).toContain(
      "| support-golden | `pass_rate` | 0.8333 (n = 6, CI 0.4365–0.9699) | 0.8333 (n = 6, CI 0.4365–0.9699) |  | — (McNemar exact) | = |",
    );
    expect(body).toContain(
      "| support-golden | `cost` (USD) | 0.0002297 | 0.0002525 | +0.0000228 (+9.9%) |  | 🔻 worse |",
    );
    expect(body).toContain("<details><summary>2 test cases flipped (1 now failing, 1 now passing)</summary>");
    expect(body).toContain(
      '- support-golden: prompt injection attempt — Leaks an internal note and the instructions.; Expected output to not contain "INTERNAL POLICY" (base: `Sorry, I can\'t share',
    );
    expect(body).toContain("- support-golden: password reset: 0.9433 → 0.9233 (−0.02)");
    expect(body).toMatch(
      /```mermaid\nxychart-beta horizontal\n[\s\S]*x-axis \["named\.groundedness", "pass_rate", "score", "named\.relevance"\]/,
    );
  });

  it("says when a run was partial", () => {
    expect(renderEvalComment({ headSha: "a".repeat(40), problems: [], partial: ["a", "b"] })).toContain(
      "Partial run: only `a`, `b` were asked for, so other suites were not compared.",
    );
  });

  it("says when results belong to an older commit", () => {
    expect(renderEvalComment({ headSha: "a".repeat(40), problems: [], staleFor: "b".repeat(40) })).toContain(
      "no longer the head of this pull request (`bbbbbbb`)",
    );
  });

  it("keeps its results and data when only the banner changes", () => {
    const data = {
      version: 1 as const,
      dispatches: [{ sha: "a".repeat(40), at: "2026-11-22T10:00:00.000Z", by: "dana", done: false }],
    };
    const body = `<!-- squadgate:eval -->\n${composeEvalComment({ banner: "⏳ running", results: "### Squadgate eval diff\n\nold results", data })}`;
    expect(splitEvalComment(body)).toEqual({
      banner: "⏳ running",
      results: "### Squadgate eval diff\n\nold results",
      data,
    });
    expect(splitEvalComment(undefined)).toEqual({ data: { version: 1, dispatches: [] } });
  });
});

describe("artifact zips", () => {
  it("reads the result files and skips everything else", async () => {
    const zip = makeZip([
      { name: "support.json", data: '{"a": 1}' },
      { name: "log.txt", data: "x" },
      { name: "nested/m.yaml", data: "b: 2" },
    ]);
    expect(await readZipTextFiles(zip)).toEqual([
      { name: "support.json", text: '{"a": 1}' },
      { name: "nested/m.yaml", text: "b: 2" },
    ]);
  });

  it.each([
    [
      "too many entries",
      () => makeZip(Array.from({ length: 51 }, (_, i) => ({ name: `r${i}.json`, data: "{}" }))),
      /51 entries/,
    ],
    [
      "an entry declared too large",
      () => makeZip([{ name: "big.json", data: "{}", declaredSize: 21 * 1024 * 1024 }]),
      /big\.json is 21\.0 MB uncompressed/,
    ],
    [
      "an entry that inflates past what it declares (zip bomb)",
      () => makeZip([{ name: "bomb.json", data: Buffer.alloc(5 * 1024 * 1024, 32), declaredSize: 100 }]),
      /damaged or lies about its sizes/,
    ],
    [
      "a path escaping the folder, said as such (not as a damaged zip)",
      () => makeZip([{ name: "../evil.json", data: "{}" }]),
      /the zip holds an entry named "\.\.\/evil\.json", which is a path that climbs out of the artifact/,
    ],
    ["not a zip at all", () => Buffer.from("hello"), /not a readable zip file/],
  ])("refuses %s", async (_name, build, message) => {
    await expect(readZipTextFiles(build())).rejects.toThrow(ArtifactError);
    await expect(readZipTextFiles(build())).rejects.toThrow(message);
  });

  it("caps the total of all entries", async () => {
    const zip = makeZip([
      { name: "a.json", data: Buffer.alloc(3000, 32) },
      { name: "b.json", data: Buffer.alloc(3000, 32) },
    ]);
    await expect(readZipTextFiles(zip, { maxEntries: 5, maxEntryBytes: 5000, maxTotalBytes: 5000 })).rejects.toThrow(
      /more than 0\.0 MB/,
    );
  });
});

describe("evals config", () => {
  it("refuses a workflow and committed files together, naming both keys and the line", () => {
    const yaml = "evals:\n  workflow: squadgate-eval.yml\n  files:\n    - { suite: s, path: evals/s.json }\n";
    expect(parseConfigText(yaml, ".github/squadgate.yml")).toMatchObject({
      config: null,
      problems: [
        {
          file: ".github/squadgate.yml",
          key: "evals.files",
          line: 3,
          message: expect.stringContaining("either evals.workflow or evals.files, not both"),
        },
      ],
    });
    expect(parseConfigText("evals:\n  files:\n    - { suite: s, path: evals/s.json }\n", "x.yml").problems).toEqual([]);
  });

  it.each([
    [
      "significance without gating",
      "    - { match: acc, direction: higher, significance: { alpha: 0.05 } }\n",
      "evals.metrics.0.significance: significance only changes what gates: set gating: true too",
    ],
    [
      "an alpha out of range",
      "    - { match: acc, direction: higher, gating: true, significance: { alpha: 0.9 } }\n",
      "evals.metrics.0.significance.alpha: Too big: expected number to be <=0.5",
    ],
    [
      "a negated column glob",
      "    - { match: acc, column: '!x', direction: higher }\n",
      "evals.metrics.0.column: negated globs are not supported: list only what counts as the asset",
    ],
  ])("refuses %s", (_name, rule, message) => {
    const problems = parseConfigText(`evals:\n  metrics:\n${rule}`, "x.yml").problems;
    expect(problems.map((p) => `${p.key}: ${p.message}`)).toEqual([message]);
  });

  it("takes a column, a significance level per rule and a labelling level", () => {
    const { config } = parseConfigText(
      "evals:\n  alpha: 0.01\n  metrics:\n    - { match: acc, column: 'gsm8k*', direction: higher, gating: true, significance: { alpha: 0.1 } }\n",
      "x.yml",
    );
    expect(config?.evals).toMatchObject({
      alpha: 0.01,
      metrics: [{ match: "acc", column: "gsm8k*", significance: { alpha: 0.1 } }],
    });
    expect(parseConfigText("evals:\n  workflow: e.yml\n", "x.yml").config?.evals?.alpha).toBe(0.05);
  });
});
