import { boundEvalState } from "../evals/state.js";
import { EMPTY_HEAD_STATE, type HeadState, type HeadStateRead } from "../gate/head-state.js";
import { BUDGETS } from "../render/budget.js";
import { HEAD_STATE } from "./channels.js";

/**
 * What our check run remembers about its commit (each pull request's eval verdict and when it was
 * first seen there). A run without text has nothing to remember yet; text that does not read back
 * is reported, so that a lost verdict fails closed instead of passing.
 */
export function readHeadState(text: string | null | undefined): HeadStateRead {
  if (!text) return { ok: true, state: EMPTY_HEAD_STATE };
  const read = HEAD_STATE.read(text);
  return read.status === "ok" ? { ok: true, state: read.value } : { ok: false };
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
  return HEAD_STATE.write({ ...state, pulls });
}
