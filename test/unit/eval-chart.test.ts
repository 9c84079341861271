import { readFileSync } from "node:fs";
import fc from "fast-check";
import { JSDOM } from "jsdom";
import { beforeAll, describe, expect, it } from "vitest";
import { diffEvals, type EvalDiff, type MetricDiff } from "../../src/core/evals/diff.js";
import { parseResultFile } from "../../src/core/evals/parse-results.js";
import { compileRules } from "../../src/core/evals/rules.js";
import { renderEvalComment } from "../../src/core/render/eval-comment.js";
import { markupProblems } from "../helpers/markdown-safety.js";
import { cases, promptfooV3 } from "../helpers/promptfoo.js";

/**
 * The Mermaid blocks of eval comments go through Mermaid's own parser (the library GitHub renders
 * them with), under jsdom since Mermaid needs a DOM even to parse; no browser is involved.
 */
type Mermaid = { parse: (text: string) => Promise<unknown> };
let mermaid: Mermaid;

beforeAll(async () => {
  const { window } = new JSDOM("<!doctype html><html><body></body></html>");
  Object.assign(globalThis, { window, document: window.document });
  mermaid = ((await import("mermaid")) as unknown as { default: Mermaid }).default;
}, 60_000);

const blocks = (markdown: string) => [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1] as string);
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/evals/${name}`, import.meta.url), "utf8");
const parsed = (name: string, text: string) => {
  const result = parseResultFile(name, text);
  if (!result.ok) throw new Error(result.error);
  return result.result;
};
const commentFor = (diff: EvalDiff) =>
  renderEvalComment({
    headSha: "a".repeat(40),
    runUrl: "https://github.com/o/r/actions/runs/1",
    baseline: "main",
    diff,
    problems: [],
  });

async function expectCharts(markdown: string, count: number) {
  const charts = blocks(markdown);
  expect(charts).toHaveLength(count);
  for (const chart of charts) await expect(mermaid.parse(chart)).resolves.toMatchObject({ diagramType: "xychart" });
  expect(markupProblems(markdown)).toEqual([]);
}

describe("the eval comment's charts parse as Mermaid", () => {
  it("a multi-prompt promptfoo run", async () => {
    const columns = (failing: number) => [
      {
        label: "prompts/support-v1.txt",
        provider: "openai:gpt-4o-mini",
        cases: cases(20, failing, (i) => ({ named: { toxicity: i % 7 === 0 ? 0.02 : 0, groundedness: 0.9 } })),
      },
      {
        label: "prompts/support-v2.txt",
        provider: "anthropic:claude-3-5-haiku",
        cases: cases(20, failing + 2, (i) => ({ named: { toxicity: i % 5 === 0 ? 0.04 : 0, groundedness: 0.8 } })),
      },
    ];
    const diff = diffEvals(
      [parsed("s.json", promptfooV3(columns(2)))],
      [parsed("s.json", promptfooV3(columns(4)))],
      compileRules([{ match: "pass_rate", direction: "higher", gating: true }]),
    );
    const body = commentFor(diff);
    await expectCharts(body, 2);
    const [higher, lower] = blocks(body);
    // Columns that would look alike cut short get a letter, spelled out under the chart.
    expect(higher).toContain(
      'x-axis ["A: pass_rate", "B: pass_rate", "A: score", "A: named.groundedness", "B: score", "B: named.groundedness"]',
    );
    expect(body).toContain(
      "```\n\nA = `prompts/support-v1.txt @ openai:gpt-4o-mini`; B = `prompts/support-v2.txt @ anthropic:claude-3-5-haiku`",
    );
    // Lower-is-better rates get their own axis, scaled to them, instead of vanishing on 0–1.
    expect(lower).toMatch(
      /title "Lower is better[^"]*"\n {2}x-axis \["A: named\.toxicity", "B: named\.toxicity"\]\n {2}y-axis 0 --> 0\.01\n {2}bar \[0\.003, 0\.008\]/,
    );
  });

  it("an lm-evaluation-harness run", async () => {
    const base = parsed("lm.json", fixture("lm-eval-groups.json"));
    const head = parsed("lm.json", fixture("lm-eval-groups.json").replace('"acc,none": 0.3', '"acc,none": 0.2'));
    await expectCharts(commentFor(diffEvals([base], [head], compileRules([]))), 1);
  });

  it("an inspect_ai run", async () => {
    const base = parsed("inspect.json", fixture("inspect-popularity.json"));
    await expectCharts(commentFor(diffEvals([base], [base], compileRules([]))), 1);
  });

  it("whatever the metric and suite names hold", async () => {
    const names = fc.string({ unit: "binary", maxLength: 40 });
    const metric = (suite: string, name: string, direction: "higher" | "lower"): MetricDiff => ({
      suite,
      metric: name,
      base: 0.5,
      head: 0.25,
      delta: -0.25,
      verdict: "worse",
      gating: false,
      regression: false,
      direction,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(names, names, fc.constantFrom("higher" as const, "lower" as const)), {
          minLength: 1,
          maxLength: 6,
        }),
        async (rows) => {
          const suites = rows.map(([suite, name, direction]) => ({
            suite,
            presence: "both" as const,
            metrics: [metric(suite, name, direction)],
            toFail: [],
            toPass: [],
          }));
          const body = commentFor({ suites, regressions: [], problems: [] });
          for (const chart of blocks(body)) await expect(mermaid.parse(chart)).resolves.toBeTruthy();
        },
      ),
      { numRuns: 60 },
    );
  });
});
