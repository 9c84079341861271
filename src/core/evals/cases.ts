import type { CaseResult } from "./model.js";

/** What explains one flipped case: the grader's reason on the side that failed, and both outputs. */
export interface FlipDetail {
  reason?: string;
  base?: string;
  head?: string;
}

/** A case whose score fell without flipping pass/fail: a regression the pass rate does not show. */
export interface ScoreDrop {
  name: string;
  base: number;
  head: number;
}

export interface CaseChanges {
  toFail: string[];
  toPass: string[];
  /** Per flipped case, what explains it (only for cases that have something to say). */
  details: Record<string, FlipDetail>;
  /** The largest per-case score drops among cases that did not flip, largest first. */
  drops: ScoreDrop[];
}

/** Score drops kept per suite: the comment shows a few; the artifact has them all. */
const MAX_DROPS = 10;
const EPSILON = 1e-12;

export function caseChanges(
  base: Record<string, CaseResult> | undefined,
  head: Record<string, CaseResult> | undefined,
): CaseChanges {
  const changes: CaseChanges = { toFail: [], toPass: [], details: {}, drops: [] };
  if (!base || !head) return changes;
  const drops: ScoreDrop[] = [];
  for (const [name, after] of Object.entries(head)) {
    const before = base[name];
    if (!before) continue;
    if (before.passed !== after.passed) {
      (after.passed ? changes.toPass : changes.toFail).push(name);
      const detail = explain(before, after);
      if (detail) changes.details[name] = detail;
    } else if (
      typeof before.score === "number" &&
      typeof after.score === "number" &&
      before.score - after.score > EPSILON
    ) {
      drops.push({ name, base: before.score, head: after.score });
    }
  }
  changes.drops = topDrops(drops);
  return changes;
}

function explain(before: CaseResult, after: CaseResult): FlipDetail | undefined {
  const failed = after.passed ? before : after;
  const detail: FlipDetail = {
    ...(failed.reason ? { reason: failed.reason } : {}),
    ...(before.output ? { base: before.output } : {}),
    ...(after.output ? { head: after.output } : {}),
  };
  return Object.keys(detail).length ? detail : undefined;
}

/** The largest drops, kept in one pass so 10,000 cases cost no sort of them all. */
function topDrops(drops: ScoreDrop[]): ScoreDrop[] {
  const size = (d: ScoreDrop) => d.base - d.head;
  const top: ScoreDrop[] = [];
  for (const drop of drops) {
    if (top.length === MAX_DROPS && size(drop) <= size(top[top.length - 1] as ScoreDrop)) continue;
    top.push(drop);
    top.sort((a, b) => size(b) - size(a) || a.name.localeCompare(b.name));
    if (top.length > MAX_DROPS) top.pop();
  }
  return top;
}
