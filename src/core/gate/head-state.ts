import * as z from "zod";
import { evalGateStateSchema, type EvalGateState } from "../evals/state.js";

/**
 * What Squadgate remembers about one head commit, per open pull request with that head. It travels
 * in the Squadgate check run's own output, which only this app can write, so later events for the
 * commit read it back without trusting anything a writer could edit. A new head starts empty.
 */
export const MAX_PULLS_PER_HEAD = 20;

const pullEntrySchema = z.strictObject({
  /** When Squadgate first saw this commit as the pull request's head (commands given before were about an earlier head). */
  seenAt: z.iso.datetime(),
  /** The eval verdict for this pull request at this commit (its baseline comes from its own base). */
  evals: evalGateStateSchema.optional(),
});

export const headStateSchema = z.strictObject({
  v: z.literal(1),
  pulls: z
    .record(z.string().regex(/^[1-9]\d{0,9}$/), pullEntrySchema)
    .refine(
      (pulls) => Object.keys(pulls).length <= MAX_PULLS_PER_HEAD,
      `at most ${MAX_PULLS_PER_HEAD} pull requests per head`,
    ),
});

export type HeadState = z.output<typeof headStateSchema>;
export type HeadPullEntry = HeadState["pulls"][string];

export const EMPTY_HEAD_STATE: HeadState = { v: 1, pulls: {} };

/** The state read back: none yet, or what we wrote, or (never from our own writes) something unreadable. */
export type HeadStateRead = { ok: true; state: HeadState } | { ok: false };

export function parseHeadState(data: unknown): HeadStateRead {
  if (data === undefined) return { ok: true, state: EMPTY_HEAD_STATE };
  const parsed = headStateSchema.safeParse(data);
  return parsed.success ? { ok: true, state: parsed.data } : { ok: false };
}

/** The pull requests recorded at this head, by number. */
export const recordedPulls = (state: HeadState): number[] => Object.keys(state.pulls).map(Number);

export const entryFor = (state: HeadState, pull: number): HeadPullEntry | undefined => state.pulls[String(pull)];

/**
 * The state after judging `pulls` at this head: each keeps the moment it was first seen and gets
 * its eval verdict; pull requests no longer at this head are dropped.
 */
export function nextHeadState(
  previous: HeadState,
  pulls: readonly { number: number; evals?: EvalGateState }[],
  now: Date,
): HeadState {
  const entries = pulls.slice(0, MAX_PULLS_PER_HEAD).map(({ number, evals }): [string, HeadPullEntry] => {
    const seenAt = entryFor(previous, number)?.seenAt ?? now.toISOString();
    return [String(number), { seenAt, ...(evals ? { evals } : {}) }];
  });
  return { v: 1, pulls: Object.fromEntries(entries) };
}

/**
 * Whether the pull request's head is one its reader could have seen at `at` (a comment's time):
 * Squadgate first saw it at or before then. A head first seen later was pushed after the comment.
 */
export function headSeenBy(state: HeadState, pull: number, at: Date): boolean {
  const seenAt = entryFor(state, pull)?.seenAt;
  return seenAt !== undefined && Date.parse(seenAt) <= at.getTime();
}
