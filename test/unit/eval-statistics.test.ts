import { describe, expect, it } from "vitest";
import { diffEvals, type MetricDiff } from "../../src/core/evals/diff.js";
import { parseResultFile } from "../../src/core/evals/parse-results.js";
import { compileRules } from "../../src/core/evals/rules.js";
import { mcnemarExact, minFlipsForSignificance, pairedT, wilson, zTest } from "../../src/core/evals/stats.js";
import { renderEvalComment } from "../../src/core/render/eval-comment.js";
import { cases, promptfooV3 } from "../helpers/promptfoo.js";

const parsed = (text: string, name = "support.json") => {
  const result = parseResultFile(name, text);
  if (!result.ok) throw new Error(result.error);
  return result.result;
};
/** One promptfoo column of `total` cases, `failing` of them failing (the first ones). */
const run = (total: number, failing: number, extra?: Parameters<typeof cases>[2]) =>
  parsed(promptfooV3([{ label: "v1", provider: "openai:gpt-4o-mini", cases: cases(total, failing, extra) }]));
const metricOf = (diff: ReturnType<typeof diffEvals>, name: string) =>
  diff.suites.flatMap((s) => s.metrics).find((m) => m.metric === name) as MetricDiff;

describe("the distributions, against values published for them", () => {
  it("Wilson interval of 5 of 6 at 95%: 0.4365 to 0.9699 (as statsmodels' proportion_confint gives)", () => {
    const [low, high] = wilson(5, 6, 0.05);
    expect(low).toBeCloseTo(0.4365, 4);
    expect(high).toBeCloseTo(0.9699, 4);
    expect(wilson(0, 20, 0.05)[0]).toBe(0);
  });

  it.each<[number, number, number]>([
    [0, 0, 1],
    [2, 0, 0.5],
    [6, 0, 0.03125],
    [5, 1, 0.21875],
    [10, 2, 0.0385742],
  ])("exact McNemar: %i pass→fail and %i fail→pass give p = %d", (worse, better, p) => {
    expect(mcnemarExact(worse, better)).toBeCloseTo(p, 6);
    expect(mcnemarExact(better, worse)).toBeCloseTo(p, 6);
  });

  it("the fewest one-way flips that can be significant: 6 at α = 0.05, 8 at α = 0.01", () => {
    expect([minFlipsForSignificance(0.05), minFlipsForSignificance(0.01)]).toEqual([6, 8]);
  });

  it("paired t on differences 1..5 (t = 4.24, 4 df) and z on two standard errors of 0.05", () => {
    expect(pairedT([1, 2, 3, 4, 5])?.p).toBeCloseTo(0.01324, 4);
    expect(pairedT([0, 0, 0])?.p).toBe(1);
    expect(pairedT([1])).toBeUndefined();
    expect(zTest(0.1, 0.05, 0.05)?.p).toBeCloseTo(0.1573, 4);
  });
});

describe("each change labelled significant or within noise", () => {
  const gating = compileRules([{ match: "pass_rate", direction: "higher", gating: true, max_drop: 0.05 }]);

  it("20 cases, two of them newly failing: −10 points, within noise (McNemar p = 0.5), with n and the Wilson interval", () => {
    const diff = diffEvals([run(20, 2)], [run(20, 4)], gating);
    const m = metricOf(diff, "pass_rate");
    expect(m).toMatchObject({
      base: 0.9,
      head: 0.8,
      regression: true,
      stats: { n: { base: 20, head: 20 }, test: { name: "McNemar exact", pairs: 20 } },
    });
    expect(m.stats?.test?.p).toBeCloseTo(0.5, 6);
    const body = renderEvalComment({ headSha: "a".repeat(40), diff, problems: [] });
    expect(body).toContain(
      "| support | `pass_rate` | 0.9 (n = 20, CI 0.699–0.9721) | 0.8 (n = 20, CI 0.584–0.9193) | −0.1 (−11.1%) | within noise (McNemar exact, p = 0.5) |",
    );
    // A count changes by cases, not by a percentage of itself (2 → 4 is not "+100%").
    expect(body).toContain(
      "| support | `failures` | 2 (n = 20) | 4 (n = 20) | +2 of 20 cases | within noise (McNemar exact, p = 0.5) | 🔻 worse |",
    );
  });

  it("ten newly failing cases of 20 are significant (p = 0.002)", () => {
    const m = metricOf(diffEvals([run(20, 0)], [run(20, 10)], gating), "pass_rate");
    expect(m.stats?.test?.p).toBeCloseTo(0.001953, 5);
    expect(
      renderEvalComment({
        headSha: "a".repeat(40),
        diff: diffEvals([run(20, 0)], [run(20, 10)], gating),
        problems: [],
      }),
    ).toContain("**significant** (McNemar exact, p = 0.002)");
  });

  it("per-case scores are compared pairwise with a t-test", () => {
    const base = run(30, 0, (i) => ({ score: 0.9, named: { groundedness: 0.9 - (i % 3) * 0.01 } }));
    const head = run(30, 0, (i) => ({ score: 0.8 + (i % 2) * 0.02, named: { groundedness: 0.9 - (i % 3) * 0.01 } }));
    const diff = diffEvals([base], [head], compileRules([]));
    expect(metricOf(diff, "score").stats?.test).toMatchObject({ name: "paired t", pairs: 30 });
    expect(metricOf(diff, "score").stats?.test?.p).toBeLessThan(1e-6);
    expect(metricOf(diff, "named.groundedness")).toMatchObject({ verdict: "same" });
  });

  it("the labelling level is configurable (evals.alpha)", () => {
    const diff = diffEvals([run(40, 0)], [run(40, 6)], gating, { alpha: 0.01 });
    const body = renderEvalComment({ headSha: "a".repeat(40), diff, problems: [] });
    expect(body).toContain("Noise (α = 0.01)");
    expect(body).toContain("within noise (McNemar exact, p = 0.031)");
  });
});

describe("gating only on significant regressions", () => {
  const significant = compileRules([
    { match: "pass_rate", direction: "higher", gating: true, max_drop: 0.05, significance: { alpha: 0.05 } },
  ]);

  it("a drop past the allowance that is within noise does not gate; a significant one does", () => {
    expect(diffEvals([run(20, 2)], [run(20, 4)], significant).regressions).toEqual([]);
    const diff = diffEvals([run(20, 0)], [run(20, 10)], significant);
    expect(diff.regressions.map((m) => m.metric)).toEqual(["pass_rate"]);
    expect(diff.regressions[0]?.allowance).toBe("may drop by at most 0.05, counted only when significant at α = 0.05");
  });

  it("a metric with no way to be tested is gated on its allowance alone, and the comment and check say so", () => {
    const tree = (v: number) => parsed(JSON.stringify({ pass_rate: v }), "tree.json");
    const diff = diffEvals([tree(0.9)], [tree(0.5)], significant);
    expect(diff.regressions).toHaveLength(1);
    expect(diff.warnings).toEqual([
      "tree · pass_rate: its rule gates only significant regressions, but these results give no way to test it, so it was gated on its allowance alone",
    ]);
  });

  it("says when a suite is too small to tell the allowed drop from noise", () => {
    const diff = diffEvals([run(20, 2)], [run(20, 4)], significant);
    expect(diff.notes).toEqual([
      "support · pass_rate: with 20 cases, the smallest drop this suite can show as significant at α = 0.05 is 0.3 (6 of 20 cases flipping one way), more than the allowed 0.05, so a regression past the allowance can still be called noise and pass",
    ]);
    expect(renderEvalComment({ headSha: "a".repeat(40), diff, problems: [] })).toContain(
      "**Too small to tell from noise:**\n- 📏 support · pass\\_rate: with 20 cases",
    );
    expect(diffEvals([run(400, 2)], [run(400, 4)], significant).notes).toEqual([]);
  });
});
