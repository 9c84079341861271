import { boundEvalState } from "../../core/evals/state.js";
import { parseHeadState, type HeadState, type HeadStateRead } from "../../core/gate/head-state.js";
import { BUDGETS } from "../../core/render/budget.js";
import { embedData, extractData } from "../../core/render/sticky.js";
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
