import { hasErrors, type Problem } from "../../config/problems.js";
import type { Mode } from "../../config/schema.js";
import type { Conclusion, GateDecision, DecisionInput, RequirementStatus } from "./decide.js";

/** Evals hold the gate when their results regressed or could not be judged, or when required results are missing. */
export function judgeEvals(
  evals: NonNullable<DecisionInput["evals"]>,
  anyAssets: boolean,
  waived: boolean,
): NonNullable<GateDecision["evals"]> {
  const { state } = evals;
  const reason =
    state?.status === "regressed"
      ? "evals regressed"
      : state?.status === "incomplete"
        ? "evals could not be judged"
        : evals.required && anyAssets && !state
          ? "eval results"
          : evals.required && anyAssets && state?.status === "running"
            ? "the running eval"
            : undefined;
  return {
    ...(state ? { state } : {}),
    blocking: reason !== undefined && !waived,
    ...(reason ? { reason } : {}),
    waived,
  };
}

export function conclude(input: {
  mode: Mode;
  problems: Problem[];
  requirements: RequirementStatus[];
  missingItems: number;
  evalsBlocking: boolean;
}): Conclusion {
  const waiting = input.requirements.some((r) => !r.satisfied) || input.missingItems > 0 || input.evalsBlocking;
  const blocked = hasErrors(input.problems) ? "failure" : waiting ? "action_required" : undefined;
  if (!blocked) return "success";
  return input.mode === "report" ? "neutral" : blocked;
}

export function titleFor(input: {
  conclusion: Conclusion;
  problems: Problem[];
  requirements: RequirementStatus[];
  anyAssets: boolean;
  mode: Mode;
  missingItems: number;
  evalsReason: string | undefined;
}): string {
  const errors = input.problems.filter((p) => p.severity === "error").length;
  const prefix = input.mode === "report" && input.conclusion === "neutral" ? "Report only: " : "";
  if (errors > 0) return `${prefix}${errors} configuration problem${errors === 1 ? "" : "s"} to fix`;
  // Regressed or unjudged evals are a state, not something to wait for: they follow what is awaited.
  const evalsState = input.evalsReason && !EVALS_AWAITED.has(input.evalsReason) ? input.evalsReason : "";
  const evalsAwaited = input.evalsReason && EVALS_AWAITED.has(input.evalsReason) ? input.evalsReason : "";
  const withState = (title: string) => (evalsState ? `${title}; ${evalsState}` : title);
  if (!input.anyAssets && input.requirements.length === 0) {
    if (evalsAwaited) return `${prefix}Waiting for ${evalsAwaited}`;
    return evalsState ? `${prefix}${capitalise(evalsState)}` : "No AI assets changed";
  }
  const waiting = input.requirements.filter((r) => !r.satisfied);
  const total = input.requirements.length;
  const items = [
    input.missingItems > 0 ? `${input.missingItems} required checklist item${input.missingItems === 1 ? "" : "s"}` : "",
    evalsAwaited,
  ]
    .filter(Boolean)
    .join(", ");
  if (waiting.length === 0 && items) return withState(`${prefix}Waiting for ${items}`);
  if (waiting.length === 0 && evalsState) return `${prefix}${capitalise(evalsState)}`;
  if (total === 0) return "AI assets changed; no role owns them";
  const waived = input.requirements.filter((r) => r.waiver).length;
  if (waiting.length === 0) {
    return `All ${total} required role${total === 1 ? "" : "s"} approved${waived ? ` (${waived} by waiver)` : ""}`;
  }
  const names = [...waiting.map((r) => r.id), ...(items ? [items] : [])].join(", ");
  return withState(`${prefix}Waiting for ${names} (${total - waiting.length} of ${total} approved)`);
}

/** Eval reasons that name something still to come ("Waiting for eval results"), unlike "evals regressed". */
const EVALS_AWAITED = new Set(["eval results", "the running eval"]);
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Conclusions GitHub counts as passing for a required check: a verdict to take back when the base changes. */
const PASSING = new Set(["success", "neutral", "skipped"]);
export const passesOnGitHub = (conclusion: string | null | undefined): boolean => PASSING.has(conclusion ?? "");
