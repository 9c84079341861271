import type { EvalsConfig } from "../../config/schema.js";
import { runningBanner, type EvalCommentData } from "../render/eval-comment.js";
import { code, handle } from "../render/markdown.js";

/** A dispatch not heard back from after this long no longer blocks another `/eval` of the same commit. */
export const RUN_TIMEOUT_MS = 2 * 60 * 60_000;

export const EVALS_NOT_CONFIGURED =
  "evals are not configured: set `evals.workflow` in `.github/squadgate.yml` to the workflow that runs them.";
export const EVALS_FOR_WRITERS =
  "thanks for asking! Only people with write access can run evals, since they spend the team's model budget. A maintainer can run `/eval` for you.";

/**
 * Whether `/eval` may dispatch now (of a head the commenter saw): no run of it is still under way,
 * and the pull request's last dispatch is older than the cooldown. A reply when not.
 */
export function evalRefusal(input: {
  evals: EvalsConfig;
  headSha: string;
  data: EvalCommentData;
  now: Date;
}): string | undefined {
  const { headSha, data } = input;
  const now = input.now.getTime();
  const pending = data.dispatches.find((d) => d.sha === headSha && !d.done && now - Date.parse(d.at) < RUN_TIMEOUT_MS);
  if (pending)
    return `an eval of ${code(headSha.slice(0, 7))} is already running (asked by ${handle(pending.by)}); its results will appear in the eval comment.`;
  const last = data.dispatches.at(-1);
  const cooldownMs = input.evals.cooldown_minutes * 60_000;
  if (last && now - Date.parse(last.at) < cooldownMs) {
    const wait = Math.ceil((cooldownMs - (now - Date.parse(last.at))) / 60_000);
    return `evals on this pull request are limited to one every ${input.evals.cooldown_minutes} minutes; try again in ${wait} minute${wait === 1 ? "" : "s"}.`;
  }
  return undefined;
}

/** What GitHub's refusal to dispatch means to the commenter; undefined for errors that are ours to report. */
export function dispatchRefusal(status: number | undefined, workflow: string, baseRef: string): string | undefined {
  if (status === 404) return `${code(workflow)} does not exist on ${code(baseRef)}, so there is nothing to run.`;
  if (status === 422)
    return `GitHub refused to start ${code(workflow)}: it needs an \`on: workflow_dispatch\` trigger with the inputs \`sha\`, \`pr\`, \`suites\` and \`title\` (see examples/squadgate-eval.yml).`;
  return undefined;
}

/** The eval comment once a run is dispatched: a running banner, and the dispatch on record (the last 20). */
export function dispatchedComment(input: { headSha: string; by: string; suites: readonly string[]; now: Date }): {
  banner: string;
  data: (data: EvalCommentData) => EvalCommentData;
} {
  const suites = input.suites.length ? ` (suites: ${input.suites.map((s) => code(s)).join(", ")})` : "";
  const dispatch = { sha: input.headSha, at: input.now.toISOString(), by: input.by, done: false };
  return {
    banner: `${runningBanner(input.headSha)} Asked for by @${input.by}${suites}.`,
    data: (data) => ({ ...data, dispatches: [...data.dispatches, dispatch].slice(-20) }),
  };
}
