import type { EvalGateState } from "../../src/core/evals/state.js";
import { headStateText, readHeadState } from "../../src/core/state/head-text.js";

/** The check run's text carrying `state` as one pull request's eval verdict, as the gate writes it. */
export const checkTextWith = (state: EvalGateState, pull = 1): string =>
  headStateText({ v: 1, pulls: { [String(pull)]: { seenAt: "2026-11-22T09:00:00.000Z", evals: state } } });

/** An eval verdict written into the check's text and read back, the way the gate carries it between events. */
export function evalStateRoundTrip(state: EvalGateState): EvalGateState | undefined {
  const read = readHeadState(checkTextWith(state));
  return read.ok ? read.state.pulls["1"]?.evals : undefined;
}
