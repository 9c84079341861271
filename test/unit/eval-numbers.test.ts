import { describe, expect, it } from "vitest";
import { diffEvals } from "../../src/core/evals/diff.js";
import { formatNumber, formatPercent, formatSigned, formatValue } from "../../src/core/evals/format.js";
import type { SuiteResult } from "../../src/core/evals/model.js";
import { compileRules } from "../../src/core/evals/rules.js";
import { gateStateFromDiff } from "../../src/core/evals/state.js";
import { renderEvalComment } from "../../src/core/render/eval-comment.js";

describe("numbers in the eval comment and the check", () => {
  it.each<[number, string]>([
    [0, "0"],
    [1e-6, "0.000001"],
    [1.23456e-6, "0.000001235"],
    [4.2e-7, "4.2e−7"],
    [0.00022965, "0.0002297"],
    [0.004, "0.004"],
    [0.0123456, "0.01235"],
    [0.5, "0.5"],
    [0.816666, "0.8167"],
    [1, "1"],
    [12.3456, "12.35"],
    [100, "100"],
    [999.96, "1,000"],
    [1200.4, "1,200"],
    [1420.3, "1,420"],
    [12_345.678, "12,346"],
    [1e6, "1,000,000"],
    [123_456_789.4, "123,456,789"],
    [1e9, "1,000,000,000"],
    [-1e-6, "−0.000001"],
    [-0.06, "−0.06"],
    [-219.9, "−219.9"],
    [-1420.3, "−1,420"],
    [-1e9, "−1,000,000,000"],
  ])("%d is shown as %s", (value, shown) => {
    expect(formatNumber(value)).toBe(shown);
  });

  it("keeps every integer digit from 1e-6 to 1e9, and parses back within four significant digits", () => {
    for (let exponent = -6; exponent <= 9; exponent++) {
      for (const mantissa of [1, 1.4203, Math.PI, 9.87654]) {
        for (const sign of [1, -1]) {
          const value = sign * mantissa * 10 ** exponent;
          const shown = formatNumber(value);
          const back = Number(shown.replace("−", "-").replaceAll(",", ""));
          expect(Math.abs(back - value) / Math.abs(value)).toBeLessThan(5e-4);
          if (Math.abs(value) >= 1)
            expect(shown.replace(/[−,]/g, "").split(".")[0]).toHaveLength(Math.floor(Math.log10(Math.abs(value))) + 1);
        }
      }
    }
  });

  it("changes are signed, percentages grouped, and words stand in for missing values", () => {
    expect([formatSigned(-219.9), formatSigned(2), formatSigned(0)]).toEqual(["−219.9", "+2", "0"]);
    expect([formatPercent(-0.1548), formatPercent(2), formatPercent(2000)]).toEqual([
      "−15.5%",
      "+200.0%",
      "+200,000.0%",
    ]);
    expect([formatValue(undefined), formatValue(null)]).toEqual(["missing", "not a number"]);
  });

  it("a latency of 1420.3 → 1200.4 ms reads right in the table and in the check's notes (it showed as 142 | 12)", () => {
    const suite = (latency: number): SuiteResult => ({
      suite: "s",
      format: "metrics",
      source: "s.json",
      metrics: { "latency.mean_ms": latency },
    });
    const rules = compileRules([{ match: "latency*", direction: "lower", gating: true }]);
    const better = diffEvals([suite(1200.4)], [suite(1420.3)], rules);
    expect(renderEvalComment({ headSha: "a".repeat(40), diff: better, problems: [] })).toContain(
      "| s | `latency.mean_ms` | 1,200 | 1,420 | +219.9 (+18.3%) |",
    );
    const state = gateStateFromDiff(better, {
      headSha: "a".repeat(40),
      problems: [],
      now: new Date("2026-11-22T10:00:00Z"),
    });
    expect(state.notes).toEqual(["s · latency.mean_ms: 1,200 → 1,420 (may not get worse)"]);
  });
});
