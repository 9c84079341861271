import type { Config } from "../../../config/schema.js";
import type { PullFacts } from "../../pull/facts.js";
import { type AgentVerdict, agentVerdict } from "./verdict.js";

/**
 * The agent policy's verdict from the pull request's facts, once its commits were read (they are
 * read only when a role is required); undefined when the policy is off or no agent shows.
 */
export function agentsOf(facts: PullFacts, config: Config): AgentVerdict | undefined {
  const { pr, pushers } = facts;
  if (!config.agents || !pr || !pushers?.commits) return undefined;
  return agentVerdict(config.agents, {
    author: pr.author,
    authorBot: pr.authorBot === true,
    body: pr.body,
    commits: pushers.commits,
    ...(pr.commits !== undefined ? { commitCount: pr.commits } : {}),
    ...(pushers.pushedBy ? { pushedBy: pushers.pushedBy } : {}),
    ...(facts.descriptionHistory ? { history: facts.descriptionHistory } : {}),
    reviews: facts.reviews ?? [],
  });
}

/**
 * Whether the description's edit history must be read: the policy is on, a role is required, and
 * nothing else (the author, the commits, who pushed, the description as it is) shows an agent.
 * Someone who edits a "Generated with …" line out of the description does not hide it this way.
 */
export const needsDescriptionHistory = (facts: PullFacts, config: Config, rolesRequired: boolean): boolean =>
  config.agents !== undefined &&
  rolesRequired &&
  facts.descriptionHistory === undefined &&
  facts.pushers?.commits !== undefined &&
  agentsOf(facts, config) === undefined;
