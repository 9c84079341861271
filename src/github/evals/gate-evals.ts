import type { EvalsConfig } from "../../config/schema.js";
import { diffEvals } from "../../core/evals/diff.js";
import type { SuiteResult } from "../../core/evals/model.js";
import { parseResultFile } from "../../core/evals/parse-results.js";
import { compileRules } from "../../core/evals/rules.js";
import { boundEvalState, decodeEvalState, encodeEvalState, gateStateFromDiff, type EvalGateState } from "../../core/evals/state.js";
import { renderEvalComment } from "../../core/render/eval-comment.js";
import type { RepoReader } from "../../engine/load-policy.js";
import type { ExistingCheck } from "../check-run.js";

/**
 * The eval verdict our check run carries for `headSha`, if any. One that does not read back fails
 * closed: it holds the gate as "could not be judged" until the evals run again.
 */
export function evalStateFromCheck(existing: ExistingCheck | undefined, headSha: string, now: Date = new Date()): EvalGateState | undefined {
  return decodeEvalState(existing?.text, headSha, now);
}

/** The check run's machine-readable text: the eval verdict, bounded so it always reads back, carried to the next evaluation of this commit. */
export const checkText = (state: EvalGateState | undefined) => (state ? encodeEvalState(boundEvalState(state)) : undefined);

/**
 * Results committed in the repository (`evals.files`), compared when the pull request changes one
 * of them: each configured file is read at base and head. Results in a PR are as trustworthy as
 * its author; the README says so.
 */
export async function committedEvals(
  reader: RepoReader,
  input: { config: EvalsConfig; changedPaths: readonly string[]; baseRef: string; headSha: string; now: Date },
): Promise<{ state: EvalGateState; comment: string } | undefined> {
  const files = input.config.files;
  if (!files.some((f) => input.changedPaths.includes(f.path))) return undefined;
  const texts = await Promise.all(files.flatMap((f) => [reader.readFile(f.path, input.baseRef), reader.readFile(f.path, input.headSha)]));
  const base: SuiteResult[] = [];
  const head: SuiteResult[] = [];
  const problems: string[] = [];
  files.forEach((file, i) => {
    const [baseText, headText] = [texts[2 * i], texts[2 * i + 1]];
    for (const [text, into, side] of [[baseText, base, "base"], [headText, head, "head"]] as const) {
      if (text === null || text === undefined) {
        problems.push(`${file.path} does not exist on the ${side === "base" ? "base branch (no baseline)" : "head commit"}`);
        continue;
      }
      const parsed = parseResultFile(file.path, text, file.suite);
      if (parsed.ok) into.push(parsed.result);
      else problems.push(`${parsed.error} (${side})`);
    }
  });
  const diff = diffEvals(base, head, compileRules(input.config.metrics));
  const state = gateStateFromDiff(diff, { headSha: input.headSha, problems, now: input.now });
  const comment = renderEvalComment({ headSha: input.headSha, baseline: `${input.baseRef} (committed results)`, diff, problems });
  return { state, comment };
}
