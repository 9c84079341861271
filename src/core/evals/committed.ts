import type { EvalsConfig } from "../../config/schema.js";
import { renderEvalComment } from "../render/eval-comment.js";
import { diffEvals } from "./diff.js";
import type { SuiteResult } from "./model.js";
import { parseResultFile } from "./parse-results.js";
import { compileRules } from "./rules.js";
import { gateStateFromDiff, type EvalGateState } from "./state.js";

/**
 * Results committed in the repository (`evals.files`), compared when the pull request changes one
 * of them: each configured file's text at base and head. Results in a pull request are as
 * trustworthy as its author; the README says so.
 */
export function committedEvals(
  texts: readonly { path: string; suite: string; base: string | null; head: string | null }[],
  input: { config: EvalsConfig; baseRef: string; headSha: string; now: Date },
): { state: EvalGateState; comment: string } {
  const base: SuiteResult[] = [];
  const head: SuiteResult[] = [];
  const problems: string[] = [];
  for (const file of texts) {
    for (const [text, into, side] of [
      [file.base, base, "base"],
      [file.head, head, "head"],
    ] as const) {
      if (text === null) {
        problems.push(
          `${file.path} does not exist on the ${side === "base" ? "base branch (no baseline)" : "head commit"}`,
        );
        continue;
      }
      const parsed = parseResultFile(file.path, text, file.suite);
      if (parsed.ok) into.push(parsed.result);
      else problems.push(`${parsed.error} (${side})`);
    }
  }
  const diff = diffEvals(base, head, compileRules(input.config.metrics), { alpha: input.config.alpha });
  const state = gateStateFromDiff(diff, { headSha: input.headSha, problems, now: input.now });
  const comment = renderEvalComment({
    headSha: input.headSha,
    baseline: `${input.baseRef} (committed results)`,
    diff,
    problems,
  });
  return { state, comment };
}
