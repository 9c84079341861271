/**
 * Parsing and diffing a 10,000-case promptfoo result (base and head, each a realistic file with
 * named scores, grader reasons and outputs), then rendering the comment. Wall time, median over
 * runs after a warm-up; the files are built once, from a seeded generator, outside the timing.
 */
import { performance } from "node:perf_hooks";
import { diffEvals } from "../../src/core/evals/diff.js";
import { parseResultFile } from "../../src/core/evals/parse-results.js";
import { compileRules } from "../../src/core/evals/rules.js";
import { renderEvalComment } from "../../src/core/render/eval-comment.js";
import { promptfooV3, type GeneratedCase } from "../helpers/promptfoo.js";
import { median } from "./decide-bench.js";

export interface EvalBenchResult {
  cases: number;
  bytes: number;
  runs: number;
  medianParseDiffMs: number;
  medianRenderMs: number;
}

/** mulberry32, so every run sees the same files. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function file(total: number, seed: number, passRate: number): string {
  const random = prng(seed);
  const cases = Array.from({ length: total }, (_, i): GeneratedCase => {
    const success = random() < passRate;
    return {
      description: `case ${i + 1}: ${"what does the refund policy say about annual plans".slice(0, 20 + (i % 30))}`,
      success,
      score: success ? 0.7 + random() * 0.3 : random() * 0.5,
      named: { groundedness: random(), relevance: random(), toxicity: random() * 0.02 },
      reason: success
        ? "All assertions passed"
        : `Expected output to mention the 30-day window; it said ${"something else ".repeat(3)}`,
      output: `Annual plans are refundable within 30 days of purchase. ${"Details follow. ".repeat(4 + (i % 5))}`,
      latencyMs: 500 + random() * 2000,
      cost: random() * 0.001,
    };
  });
  return promptfooV3([{ label: "prompts/support.txt", provider: "openai:gpt-4o-mini", cases }]);
}

export function benchEvals(opts: { cases?: number; runs?: number } = {}): EvalBenchResult {
  const total = opts.cases ?? 10_000;
  const runs = opts.runs ?? 9;
  const base = file(total, 1, 0.9);
  const head = file(total, 2, 0.88);
  const rules = compileRules([
    { match: "pass_rate", direction: "higher", max_drop: 0.01, gating: true, significance: { alpha: 0.05 } },
    { match: "named.groundedness", direction: "higher", max_drop_pct: 2, gating: true },
  ]);
  const once = () => {
    const t0 = performance.now();
    const b = parseResultFile("support.json", base);
    const h = parseResultFile("support.json", head);
    if (!b.ok || !h.ok) throw new Error("bench files did not parse");
    const diff = diffEvals([b.result], [h.result], rules);
    const t1 = performance.now();
    renderEvalComment({ headSha: "a".repeat(40), diff, problems: [] });
    return { parseDiff: t1 - t0, render: performance.now() - t1 };
  };
  for (let i = 0; i < 2; i++) once(); // warm-up, as in a running server
  const timings = Array.from({ length: runs }, once);
  return {
    cases: total,
    bytes: Buffer.byteLength(base) + Buffer.byteLength(head),
    runs,
    medianParseDiffMs: median(timings.map((t) => t.parseDiff)),
    medianRenderMs: median(timings.map((t) => t.render)),
  };
}
