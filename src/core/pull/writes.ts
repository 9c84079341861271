import type { Problem } from "../../config/problems.js";
import { fittedChecklistText, tooLong, type ChecklistState } from "../checklists/state.js";
import type { GateDecision } from "../gate/decide.js";
import type { Write } from "../writes.js";
import type { PullSnapshot } from "./snapshot.js";

/**
 * What the decision asks of the pull request itself (its check run is its head's, written apart):
 * review requests, the checklist where it lives, the committed results' eval comment. With the
 * problems known before writing (a checklist too long for GitHub), which the check reports.
 */
export function pullWrites(snapshot: PullSnapshot, decision: GateDecision): { writes: Write[]; problems: Problem[] } {
  const { users, teams } = decision.reviewRequests;
  const checklist = snapshot.checklist ? checklistWrite(snapshot.checklist) : { writes: [], problems: [] };
  return {
    writes: [
      ...(users.length + teams.length > 0 ? [{ kind: "review-requests", users, teams } as const] : []),
      ...checklist.writes,
      ...(snapshot.evals?.comment ? [{ kind: "eval-results", results: snapshot.evals.comment } as const] : []),
    ],
    problems: checklist.problems,
  };
}

/** The checklist's text, where it lives; nothing when there is nothing to show and no comment to retire. */
function checklistWrite(state: ChecklistState): { writes: Write[]; problems: Problem[] } {
  const next = fittedChecklistText(state);
  if (state.where === "body")
    return { writes: next === state.text ? [] : [{ kind: "description", state, text: next }], problems: [] };
  if (next === "" && state.text === "") return { writes: [], problems: [] };
  const body =
    next === undefined
      ? "The Squadgate checklist is too long for one comment; the Squadgate check lists its required items."
      : next || "The Squadgate checklist no longer applies to this pull request.";
  return {
    writes: [{ kind: "sticky", topic: "checklist", body }],
    problems: next === undefined ? [tooLong("checklist comment", state)] : [],
  };
}
