import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../src/config/validate-config.js";
import { diffEvals } from "../../src/core/evals/diff.js";
import { parseResultFile } from "../../src/core/evals/parse-results.js";
import { compileRules } from "../../src/core/evals/rules.js";
import { renderEvalComment } from "../../src/core/render/eval-comment.js";
import { promptfooV3 } from "../helpers/promptfoo.js";

/** The README's eval section is a contract: its config parses, and its worked example is what Squadgate computes. */
const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const section = readme.slice(readme.indexOf("## Eval diffs"), readme.indexOf("### `/eval [suite …]`"));

describe("the README's eval section", () => {
  it("its configuration example is valid", () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    const { config, problems } = parseConfigText(
      `roles:\n  ds:\n    members: [dana]\n${yaml}`,
      ".github/squadgate.yml",
    );
    expect(problems).toEqual([]);
    expect(config?.evals).toMatchObject({
      alpha: 0.05,
      metrics: [
        { match: "pass_rate" },
        { match: "named.groundedness" },
        { column: "gsm8k*", significance: { alpha: 0.05 } },
        { match: "*latency*" },
      ],
    });
  });

  it("its worked example: 18 of 20 → 16 of 20, three cases failing and one passing anew", () => {
    // Cases 1-2 fail on base; on head 3-5 fail too, and case 1 passes.
    const run = (failing: number[]) =>
      parseResultFile(
        "golden.json",
        promptfooV3([
          {
            label: "p",
            provider: "x",
            cases: Array.from({ length: 20 }, (_, i) => ({
              description: `case ${i + 1}`,
              success: !failing.includes(i + 1),
            })),
          },
        ]),
      );
    const [base, head] = [run([1, 2]), run([2, 3, 4, 5])];
    if (!base.ok || !head.ok) throw new Error("did not parse");
    const rule = { match: "pass_rate", direction: "higher" as const, max_drop: 0.05, gating: true };
    const plain = diffEvals([base.result], [head.result], compileRules([rule]));
    const body = renderEvalComment({ headSha: "a".repeat(40), diff: plain, problems: [] });
    for (const shown of ["0.9 (n = 20, CI 0.699–0.9721)", "0.8 (n = 20, CI 0.584–0.9193)", "McNemar p = 0.63"])
      expect(section).toContain(shown);
    expect(body).toContain(
      "| golden | `pass_rate` | 0.9 (n = 20, CI 0.699–0.9721) | 0.8 (n = 20, CI 0.584–0.9193) | −0.1 (−11.1%) | within noise (McNemar exact, p = 0.63) |",
    );
    expect(plain.regressions.map((m) => m.metric)).toEqual(["pass_rate"]);
    expect(
      diffEvals([base.result], [head.result], compileRules([{ ...rule, significance: { alpha: 0.05 } }])).regressions,
    ).toEqual([]);
    expect(plain.notes?.[0]).toContain(
      "the smallest drop this suite can show as significant at α = 0.05 is 0.3 (6 of 20 cases flipping one way)",
    );
    expect(section).toContain("is 0.3 (6 of 20 cases flipping one way, p = 0.031)");
  });
});
