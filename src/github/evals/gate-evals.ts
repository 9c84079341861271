import type { EvalsConfig } from "../../config/schema.js";
import { diffEvals } from "../../core/evals/diff.js";
import type { SuiteResult } from "../../core/evals/model.js";
import { parseResultFile } from "../../core/evals/parse-results.js";
import { compileRules } from "../../core/evals/rules.js";
import { boundEvalState, gateStateFromDiff, type EvalGateState } from "../../core/evals/state.js";
import { parseHeadState, type HeadState, type HeadStateRead } from "../../core/gate/head-state.js";
import { BUDGETS } from "../../core/render/budget.js";
import { renderEvalComment } from "../../core/render/eval-comment.js";
import { embedData, extractData } from "../../core/render/sticky.js";
import type { RepoReader } from "../../engine/load-policy.js";
import type { ExistingCheck } from "../check-run.js";

/**
 * What our check run remembers about its commit (each pull request's eval verdict and when it was
 * first seen there). A run without text has nothing to remember yet; text that does not read back
 * is reported, so that a lost verdict fails closed instead of passing.
 */
export function readHeadState(existing: ExistingCheck | undefined): HeadStateRead {
  if (!existing?.text) return parseHeadState(undefined);
  const data = extractData(existing.text);
  const head =
    data !== null && typeof data === "object" && "head" in data ? (data as { head: unknown }).head : undefined;
  return head === undefined ? { ok: false } : parseHeadState(head);
}

/**
 * The check run's machine-readable text: the head's state, carried to the next evaluation of this
 * commit. Each pull request's eval verdict is bounded to its share of the check's text, so what
 * Squadgate writes always fits and reads back.
 */
export function headStateText(state: HeadState): string {
  const entries = Object.entries(state.pulls);
  const share = Math.floor((BUDGETS.checkText - 200 * entries.length) / Math.max(1, entries.length));
  const pulls = Object.fromEntries(
    entries.map(([n, entry]) => [n, entry.evals ? { ...entry, evals: boundEvalState(entry.evals, share) } : entry]),
  );
  return embedData({ head: { ...state, pulls } });
}

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
  const texts = await Promise.all(
    files.flatMap((f) => [reader.readFile(f.path, input.baseRef), reader.readFile(f.path, input.headSha)]),
  );
  const base: SuiteResult[] = [];
  const head: SuiteResult[] = [];
  const problems: string[] = [];
  files.forEach((file, i) => {
    const [baseText, headText] = [texts[2 * i], texts[2 * i + 1]];
    for (const [text, into, side] of [
      [baseText, base, "base"],
      [headText, head, "head"],
    ] as const) {
      if (text === null || text === undefined) {
        problems.push(
          `${file.path} does not exist on the ${side === "base" ? "base branch (no baseline)" : "head commit"}`,
        );
        continue;
      }
      const parsed = parseResultFile(file.path, text, file.suite);
      if (parsed.ok) into.push(parsed.result);
      else problems.push(`${parsed.error} (${side})`);
    }
  });
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
