import type { HeadFacts, PullInfo } from "../pull/facts.js";
import { recordedPulls } from "./head-state.js";

/**
 * The head's association list can be trusted only when it includes the pull request being judged:
 * right after a push GitHub's association lags, and then every open pull request must be listed
 * instead, so that none sharing the head is missed.
 */
export const associationLags = (head: HeadFacts, self: number): boolean =>
  !(head.pulls?.some((pr) => pr.number === self) ?? false);

/**
 * The other pull requests to judge for a head's check: those listed at the head and those the
 * check recorded earlier (a recorded one may have moved on: it is read, then dropped). Each maps
 * to what is known of it (undefined: read it first).
 */
export function siblingsToJudge(
  listed: readonly PullInfo[],
  head: HeadFacts,
  self: number,
): Map<number, PullInfo | undefined> {
  const known = new Map<number, PullInfo | undefined>(listed.map((pr) => [pr.number, pr]));
  if (head.state.ok)
    for (const number of recordedPulls(head.state.state)) if (!known.has(number)) known.set(number, undefined);
  known.delete(self);
  return known;
}

/** A sibling counts for the head's check only while it is open with that head. */
export const stillAtHead = (pr: PullInfo, headSha: string): boolean => pr.state === "open" && pr.head.sha === headSha;
