import { headStateText } from "../../src/core/state/head-text.js";
import type { HeadState } from "../../src/core/gate/head-state.js";

/**
 * Our check run on a head commit as an earlier evaluation left it: it remembers when it first saw
 * each pull request at that head (long before the tests' comments, unless said otherwise).
 */
export function seenCheck(
  id: number,
  pulls: Record<number, { seenAt?: string; evals?: NonNullable<HeadState["pulls"][string]["evals"]> }>,
  extra: Record<string, unknown> = {},
) {
  const state: HeadState = {
    v: 1,
    pulls: Object.fromEntries(
      Object.entries(pulls).map(([n, p]) => [
        n,
        { seenAt: p.seenAt ?? "2026-01-01T00:00:00.000Z", ...(p.evals ? { evals: p.evals } : {}) },
      ]),
    ),
  };
  return {
    id,
    name: "Squadgate",
    external_id: "squadgate:earlier",
    status: "completed",
    conclusion: "action_required",
    output: { title: "", summary: "", text: headStateText(state) },
    ...extra,
  };
}
