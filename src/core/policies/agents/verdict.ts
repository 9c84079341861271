import type { AgentsConfig } from "../../../config/agents-schema.js";
import type { Review } from "../../gate/types.js";
import { type AgentDetection, type AgentFacts, detectAgents, type Evidence, type Starter } from "./detect.js";
import { agentDirectory, isBotLogin } from "./known.js";

/**
 * A pull request written by an AI agent, as the gate applies it: each required role needs at least
 * `approvals` human approvals, and the approvals of those in `excluded` never count.
 */
export interface AgentVerdict {
  /** Why it counts as written by an agent; never empty. */
  evidence: Evidence[];
  approvals: number;
  /** The humans who started the agent. */
  starters: Starter[];
  /** Lower-cased login -> why their approval does not count. */
  excluded: ReadonlyMap<string, string>;
  /** What the check should also say (co-authors it could not name, history it did not read). */
  notes: string[];
}

/** The agent policy's verdict on a pull request; undefined when nothing shows an agent wrote it. */
export function agentVerdict(
  config: AgentsConfig,
  facts: AgentFacts & { reviews: readonly Review[] },
): AgentVerdict | undefined {
  const detection = detectAgents(config, facts);
  if (detection.evidence.length === 0) return undefined;
  return {
    evidence: detection.evidence,
    approvals: config.approvals,
    starters: detection.starters,
    excluded: excludedApprovers(config, detection, facts.reviews),
    notes: notesOf(detection, facts),
  };
}

/** The humans who started the agent, and every bot or agent that reviewed. */
function excludedApprovers(
  config: AgentsConfig,
  detection: AgentDetection,
  reviews: readonly Review[],
): Map<string, string> {
  const agents = agentDirectory(config);
  const excluded = new Map<string, string>();
  for (const starter of detection.starters)
    excluded.set(
      starter.login.toLowerCase(),
      `they started the agent that wrote this pull request (${starter.because}), and nobody approves what they had an agent write`,
    );
  for (const review of reviews) {
    if (review.bot || isBotLogin(review.login) || agents.byAccount(review.login))
      excluded.set(review.login.toLowerCase(), "a bot's approval never counts on a pull request written by an agent");
  }
  return excluded;
}

function notesOf(detection: AgentDetection, facts: AgentFacts): string[] {
  const notes = detection.unknownCoAuthors.map(
    (co) =>
      `${co.name}${co.email ? ` <${co.email}>` : ""}, co-author of the agent's commit ${co.sha.slice(0, 7)}, could not be matched to a GitHub account; if they started the agent, their approval should not count`,
  );
  const unread = facts.history?.unread ?? 0;
  if (unread > 0)
    notes.push(
      `the description was edited many times: ${unread} of its earlier versions, between the first and the latest ones, were not read`,
    );
  return notes;
}
