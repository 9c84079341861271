import type { Conclusion } from "../gate/decide.js";
import { BUDGETS, fitSections, fitTable } from "./budget.js";
import { escapeText } from "./markdown.js";

/** How one pull request of a merge group stands, judged at its current head. */
export interface GroupMember {
  number: number;
  /** Undefined when the pull request is not gated here (closed, or its base has no policy). */
  conclusion?: Conclusion;
  title: string;
}

const PASSING = new Set<Conclusion | undefined>(["success", "neutral"]);

/**
 * The Squadgate check on a merge group's commit: it may merge only when every pull request it holds
 * is satisfied now (an approval can be dismissed, or a waiver end, while a pull request waits in
 * the queue). Otherwise it names each one that is not, and what it lacks.
 */
export function renderMergeGroupCheck(
  members: readonly GroupMember[],
  input: { complete: boolean },
): { conclusion: Conclusion; title: string; summary: string } {
  const waiting = members.filter((m) => m.conclusion !== undefined && !PASSING.has(m.conclusion));
  const unknown = members.length === 0;
  const rows = members.map(
    (m) =>
      `| #${m.number} | ${m.conclusion === undefined ? "➖ not gated" : PASSING.has(m.conclusion) ? "✅" : "⏳"} ${escapeText(m.title)} |`,
  );
  const notes = [
    ...(input.complete
      ? []
      : ["Squadgate could not read the merge queue, so only the pull request the queue branch names was judged."]),
    ...(unknown
      ? ["Squadgate could not tell which pull requests this merge group holds, so it cannot let it merge."]
      : []),
  ];
  const sections: ((budget: number) => string)[] = [];
  if (notes.length > 0) sections.push(() => notes.join("\n\n"));
  if (rows.length > 0)
    sections.push((budget) =>
      fitTable(
        ["| Pull request | Squadgate now |", "|---|---|"],
        rows,
        budget,
        (n) => `… and ${n} more pull requests.`,
      ),
    );
  const summary = fitSections(sections, BUDGETS.checkSummary);
  if (unknown) return { conclusion: "action_required", title: "Unknown pull requests in this merge group", summary };
  if (waiting.length === 0)
    return {
      conclusion: "success",
      title: `All ${members.length} pull request${members.length === 1 ? "" : "s"} in this group may merge`,
      summary,
    };
  const first = waiting[0] as GroupMember;
  const title =
    waiting.length === 1
      ? `#${first.number}: ${first.title}`
      : `${waiting.length} pull requests wait: #${first.number}: ${first.title}`;
  return { conclusion: "action_required", title, summary };
}
