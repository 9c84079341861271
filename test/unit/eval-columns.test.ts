import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../src/config/validate-config.js";
import { diffEvals } from "../../src/core/evals/diff.js";
import { parseResultFile } from "../../src/core/evals/parse-results.js";
import { compileRules } from "../../src/core/evals/rules.js";
import { boundEvalState, gateStateFromDiff } from "../../src/core/evals/state.js";
import { evalStateRoundTrip } from "../helpers/hidden-state.js";
import type { GateDecision } from "../../src/core/gate/decide.js";
import { renderCheckOutput } from "../../src/core/render/check-summary.js";
import { renderEvalComment } from "../../src/core/render/eval-comment.js";
import { cases, promptfooV3, type GeneratedColumn } from "../helpers/promptfoo.js";

const parsed = (text: string) => {
  const result = parseResultFile("support.json", text);
  if (!result.ok) throw new Error(result.error);
  return result.result;
};
/** Two prompts × one provider, as the run had: `v1 @ openai:gpt-4o-mini` and `v2 @ openai:gpt-4o-mini`. */
const twoPrompts = (v1Failing: number, v2Failing: number, extra?: Parameters<typeof cases>[2]): GeneratedColumn[] => [
  { label: "v1", provider: "openai:gpt-4o-mini", cases: cases(10, v1Failing, extra) },
  { label: "v2", provider: "openai:gpt-4o-mini", cases: cases(10, v2Failing, extra) },
];
const rulesFrom = (yaml: string) => {
  const { config, problems } = parseConfigText(yaml, ".github/squadgate.yml");
  if (!config?.evals) throw new Error(JSON.stringify(problems));
  return compileRules(config.evals.metrics);
};
const README_RULE = "evals:\n  metrics:\n    - { match: pass_rate, direction: higher, gating: true }\n";

describe("promptfoo results with several prompts and providers", () => {
  it("metrics per column; each key knows its bare name and its column", () => {
    const result = parsed(promptfooV3(twoPrompts(2, 4)));
    expect(result.metrics).toMatchObject({
      "v1 @ openai:gpt-4o-mini.pass_rate": 0.8,
      "v2 @ openai:gpt-4o-mini.pass_rate": 0.6,
    });
    expect(result.info?.["v2 @ openai:gpt-4o-mini.pass_rate"]).toEqual({
      name: "pass_rate",
      column: "v2 @ openai:gpt-4o-mini",
      n: 10,
      paired: "pass",
      rate: true,
    });
    expect(result.cases?.["v1 @ openai:gpt-4o-mini.case 1"]).toMatchObject({
      passed: false,
      column: "v1 @ openai:gpt-4o-mini",
    });
  });

  it("the README's rule { match: pass_rate, gating: true } gates every column: a 0.8 → 0.6 drop in v2 regresses", () => {
    const diff = diffEvals(
      [parsed(promptfooV3(twoPrompts(2, 2)))],
      [parsed(promptfooV3(twoPrompts(2, 4)))],
      rulesFrom(README_RULE),
    );
    expect(diff.regressions.map((m) => `${m.metric}: ${m.base} → ${m.head}`)).toEqual([
      "v2 @ openai:gpt-4o-mini.pass_rate: 0.8 → 0.6",
    ]);
    expect(diff.warnings).toEqual([]);
  });

  it("built-in directions hold in every column (failures up is worse, not just changed)", () => {
    const diff = diffEvals(
      [parsed(promptfooV3(twoPrompts(2, 2)))],
      [parsed(promptfooV3(twoPrompts(2, 4)))],
      compileRules([]),
    );
    const failures = diff.suites[0]?.metrics.find((m) => m.metric === "v2 @ openai:gpt-4o-mini.failures");
    expect(failures).toMatchObject({ direction: "lower", verdict: "worse", gating: false });
  });

  it("a column selector narrows a rule to matching columns", () => {
    const rules = rulesFrom(`${README_RULE.replace("gating: true }", 'gating: true, column: "v1 @ *" }')}`);
    const diff = diffEvals([parsed(promptfooV3(twoPrompts(2, 2)))], [parsed(promptfooV3(twoPrompts(2, 4)))], rules);
    expect(diff.regressions).toEqual([]);
    expect(diff.suites[0]?.metrics.find((m) => m.metric === "v2 @ openai:gpt-4o-mini.pass_rate")).toMatchObject({
      gating: false,
      verdict: "worse",
    });
  });

  it("the whole key still matches, as before", () => {
    const rules = rulesFrom(
      'evals:\n  metrics:\n    - { match: "v2 @ *.pass_rate", direction: higher, gating: true }\n',
    );
    expect(
      diffEvals([parsed(promptfooV3(twoPrompts(0, 2)))], [parsed(promptfooV3(twoPrompts(0, 4)))], rules).regressions,
    ).toHaveLength(1);
  });
});

describe("a gating rule that matched nothing", () => {
  const diff = () => {
    const rules = rulesFrom(
      `${README_RULE}    - { match: pass-rate, direction: higher, gating: true }\n    - { match: score, column: "v9*", direction: higher, gating: true }\n`,
    );
    return diffEvals([parsed(promptfooV3(twoPrompts(2, 2)))], [parsed(promptfooV3(twoPrompts(2, 2)))], rules);
  };
  const warnings = [
    "gating rule { match: pass-rate } matched no metric in these results, so it gated nothing; check its match, suite and column against the metric names in the eval comment",
    "gating rule { match: score, column: v9* } matched no metric in these results, so it gated nothing; check its match, suite and column against the metric names in the eval comment",
  ];

  it("is warned about in the comment, without changing the verdict", () => {
    const d = diff();
    expect(d.warnings).toEqual(warnings);
    expect(d.regressions).toEqual([]);
    const body = renderEvalComment({ headSha: "a".repeat(40), diff: d, problems: [] });
    expect(body).toContain(
      "✅ No gating metric regressed past its allowance.\n\n**Warnings:**\n- ⚠️ gating rule \\{ match: pass-rate \\} matched no metric",
    );
  });

  it("is warned about in the check, and the warning survives the check's hidden state", () => {
    const state = gateStateFromDiff(diff(), {
      headSha: "a".repeat(40),
      problems: [],
      now: new Date("2026-11-22T10:00:00Z"),
    });
    expect(state).toMatchObject({ status: "pass", warnings });
    expect(evalStateRoundTrip(state)).toEqual(state);
    const decision = {
      conclusion: "success",
      title: "All 1 required role approved",
      mode: "enforce",
      assets: [],
      requirements: [],
      unowned: [],
      reviewRequests: { users: [], teams: [] },
      problems: [],
      filesComplete: true,
      waivers: [],
      evals: { state, blocking: false, waived: false },
    } as GateDecision;
    expect(renderCheckOutput(decision, null).summary).toContain(
      "- ✅ No gating metric regressed.\n- ⚠️ gating rule \\{ match: pass-rate \\} matched no metric in these results",
    );
  });

  it("the check keeps at most 10 warnings, says how many more, and drops them before any note of the verdict", () => {
    const many = {
      suites: [],
      regressions: [],
      problems: ["x".repeat(400)],
      warnings: Array.from({ length: 25 }, (_, i) => `warning ${i} ${"w".repeat(600)}`),
    };
    const state = gateStateFromDiff(many, {
      headSha: "a".repeat(40),
      problems: [],
      now: new Date("2026-11-22T10:00:00Z"),
    });
    expect(state.warnings).toHaveLength(10);
    expect(state.warnings?.every((w) => w.length <= 500)).toBe(true);
    expect(state.warnings?.at(-1)).toBe("… and 16 more warnings; the eval comment has them all");
    expect(evalStateRoundTrip(state)).toEqual(state);
    const tight = boundEvalState(state, 1500);
    expect(tight).toMatchObject({ status: "incomplete", notes: ["x".repeat(400)] });
    expect(tight.warnings).toBeUndefined();
  });

  it("a partial run does not warn: the suites it skipped may hold the match", () => {
    const rules = rulesFrom(`${README_RULE}    - { match: pass-rate, direction: higher, gating: true }\n`);
    const result = parsed(promptfooV3(twoPrompts(2, 2)));
    expect(diffEvals([result], [result], rules, { onlySuites: ["support"] }).warnings).toEqual([]);
  });
});

describe("flipped cases explain themselves", () => {
  const extra = (side: "base" | "head") => (i: number) => ({
    reason: `grader says no to ${i + 1} on ${side}`,
    output: `${side} answer ${i + 1}`,
    score: i < 3 ? 0 : 0.9 - (side === "head" ? i / 100 : 0),
  });

  it("each flip has the grader's reason and both outputs; the largest score drops without a flip are listed", () => {
    const columns = (failing: number, side: "base" | "head") => [
      { label: "v1", provider: "p", cases: cases(10, failing, extra(side)) },
    ];
    const diff = diffEvals(
      [parsed(promptfooV3(columns(2, "base")))],
      [parsed(promptfooV3(columns(3, "head")))],
      compileRules([]),
    );
    const suite = diff.suites[0];
    expect(suite?.toFail).toEqual(["case 3"]);
    expect(suite?.details?.["case 3"]).toEqual({
      reason: "grader says no to 3 on head",
      base: "base answer 3",
      head: "head answer 3",
    });
    expect(suite?.drops?.slice(0, 2)).toEqual([
      { name: "case 10", base: 0.9, head: expect.closeTo(0.81, 9) },
      { name: "case 9", base: 0.9, head: expect.closeTo(0.82, 9) },
    ]);
    const body = renderEvalComment({ headSha: "a".repeat(40), diff, problems: [] });
    expect(body).toContain(
      "- support: case 3 — grader says no to 3 on head (base: `base answer 3` · head: `head answer 3`)",
    );
    expect(body).toContain(
      "<details><summary>Largest score drops that did not flip pass/fail (7)</summary>\n\n- support: case 10: 0.9 → 0.81 (−0.09)",
    );
  });

  it("outputs are cut to a short excerpt when parsed", () => {
    const long = "word ".repeat(500);
    const result = parsed(
      promptfooV3([
        { label: "v1", provider: "p", cases: [{ description: "x", success: false, output: long, reason: long }] },
      ]),
    );
    expect(result.cases?.["x"]?.output?.length).toBeLessThanOrEqual(240);
    expect(result.cases?.["x"]?.reason).toMatch(/…$/);
  });
});
