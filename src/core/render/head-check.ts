import type { Conclusion, GateDecision } from "../gate/decide.js";
import type { EvalGateState } from "../evals/state.js";
import type { Policy } from "../policy.js";
import type { PullSnapshot } from "../pull/snapshot.js";
import { BUDGETS, fitSections, fitTable } from "./budget.js";
import { renderCheckOutput, type CheckOutput } from "./check-summary.js";
import { code, escapeText } from "./markdown.js";

/** One open pull request whose head is the commit the check run is on, as the gate judged it. */
export interface HeadVerdict {
  number: number;
  baseRef: string;
  decision: GateDecision;
  policy: Policy | null;
}

/** A verdict for the head's check run, with what the run must remember for that pull request. */
export type JudgedPull = HeadVerdict & { evals?: EvalGateState };

/** How a decided pull request stands on its head's check run. */
export function judgedPull(snapshot: PullSnapshot, decision: GateDecision): JudgedPull {
  const evals = decision.evals?.state;
  return {
    number: snapshot.pull.number,
    baseRef: snapshot.pr.base.ref,
    decision,
    policy: snapshot.policy,
    ...(evals ? { evals } : {}),
  };
}

/** Nothing at this head is gated any more (the pull request moved to a base without a policy). */
export const NOT_GATED = {
  conclusion: "neutral" as const,
  output: {
    title: "Not gated",
    summary: "No open pull request with this commit as its head is gated by Squadgate now, so this check asks nothing.",
  },
  strictest: undefined,
};

/** Strictest first: a check run passes only when every pull request it speaks for would. */
const STRICTNESS: Record<Conclusion, number> = { failure: 3, action_required: 2, neutral: 1, success: 0 };

const ICON: Record<Conclusion, string> = { failure: "❌", action_required: "⏳", neutral: "➖", success: "✅" };

/**
 * The one check run of a commit that is the head of several open pull requests (say `feature` into
 * `main` and into `lax`). GitHub shows that run on each of them, so it carries the strictest
 * verdict, details the pull request that gives it, and lists the others. The text depends only on
 * the verdicts, never on which pull request's event wrote it, so every event converges on it.
 */
export function combineHeadVerdicts<V extends HeadVerdict>(
  verdicts: readonly V[],
): { conclusion: Conclusion; output: Omit<CheckOutput, "text">; strictest: V } | undefined {
  const sorted = [...verdicts].sort(
    (a, b) => STRICTNESS[b.decision.conclusion] - STRICTNESS[a.decision.conclusion] || a.number - b.number,
  );
  const strictest = sorted[0];
  if (!strictest) return undefined;
  const { conclusion } = strictest.decision;
  if (sorted.length === 1)
    return { conclusion, output: renderCheckOutput(strictest.decision, strictest.policy), strictest };
  const rows = [...verdicts]
    .sort((a, b) => a.number - b.number)
    .map(
      (v) => `| #${v.number} | ${code(v.baseRef)} | ${ICON[v.decision.conclusion]} ${escapeText(v.decision.title)} |`,
    );
  const heading = `### #${strictest.number} into ${code(strictest.baseRef)}`;
  const summary = fitSections(
    [
      (budget) =>
        fitTable(
          [
            `This commit is the head of ${sorted.length} open pull requests, and GitHub shows this one check on each of them, so it gives the strictest of their verdicts.`,
            "",
            "| Pull request | Base | Verdict |",
            "|---|---|---|",
          ],
          rows,
          budget,
          (n) => `… and ${n} more pull requests.`,
        ),
      (budget) =>
        `${heading}\n\n${renderCheckOutput(strictest.decision, strictest.policy, budget - heading.length - 2).summary}`,
    ],
    BUDGETS.checkSummary,
  );
  const title = renderCheckOutput(strictest.decision, strictest.policy).title;
  // Annotations are the head commit's: every pull request's findings on it, once each.
  const annotations = [
    ...new Map(
      verdicts
        .flatMap((v) => renderCheckOutput(v.decision, v.policy).annotations ?? [])
        .map((a) => [JSON.stringify(a), a] as const),
    ).values(),
  ];
  return {
    conclusion,
    output: { title: `#${strictest.number}: ${title}`, summary, ...(annotations.length ? { annotations } : {}) },
    strictest,
  };
}
