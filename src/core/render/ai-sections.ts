import type { GateDecision } from "../gate/decide.js";
import { agentLines } from "../policies/agents/render.js";
import { providerLines } from "../policies/providers/render.js";
import { fitLines } from "./budget.js";

/**
 * The check's sections on the AI policies: why the pull request counts as written by an agent, and
 * the model providers its files change. Each keeps as many lines as fit and says how many more.
 */
export function aiPolicySections(decision: GateDecision): ((budget: number) => string)[] {
  const sections: [string, string[]][] = [
    ["### Written by an AI agent", decision.agents ? agentLines(decision.agents) : []],
    ["### Model providers", decision.providers ? providerLines(decision.providers) : []],
  ];
  return sections
    .filter(([, lines]) => lines.length > 0)
    .map(([heading, lines]) => (budget: number) => {
      const body = fitLines(lines, budget - heading.length - 1, (n) => `- … and ${n} more`);
      return body ? `${heading}\n${body}` : "";
    });
}
