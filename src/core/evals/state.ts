import * as z from "zod";
import { BUDGETS } from "../render/budget.js";
import type { EvalDiff } from "./diff.js";
import { formatValue } from "./format.js";

const MAX_NOTES = 50;
const MAX_WARNINGS = 10;
const MAX_NOTE_LENGTH = 500;
const MAX_URL_LENGTH = 500;

/**
 * What the gate needs to know about evals for one head commit. It travels in the Squadgate check
 * run's own output (only this app can write it), so later events (a review, a push) know the eval
 * verdict without reading comments or artifacts again; a new head commit starts with none.
 */
export const evalGateStateSchema = z.strictObject({
  headSha: z.string().regex(/^[0-9a-f]{40}$/),
  status: z.enum(["pass", "regressed", "incomplete", "running"]),
  /** One line per gating regression or problem, shown in the check. */
  notes: z.array(z.string().max(MAX_NOTE_LENGTH)).max(MAX_NOTES),
  /** What the check should say without changing the verdict (a gating rule that matched nothing); absent when none. */
  warnings: z.array(z.string().max(MAX_NOTE_LENGTH)).max(MAX_WARNINGS).optional(),
  runUrl: z.string().max(MAX_URL_LENGTH).optional(),
  updatedAt: z.iso.datetime(),
});

export type EvalGateState = z.output<typeof evalGateStateSchema>;

export function parseEvalGateState(data: unknown): EvalGateState | undefined {
  const parsed = evalGateStateSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/** The gate's view of a finished diff: pass, or regressed with one note per gating regression. */
export function gateStateFromDiff(
  diff: EvalDiff,
  input: { headSha: string; problems: readonly string[]; runUrl?: string; now: Date },
): EvalGateState {
  const notes = [
    ...diff.regressions.map(
      (m) => `${m.suite} · ${m.metric}: ${formatValue(m.base)} → ${formatValue(m.head)} (${m.allowance ?? "gating"})`,
    ),
    ...diff.problems,
    ...input.problems,
  ];
  const status =
    diff.regressions.length > 0
      ? "regressed"
      : diff.problems.length + input.problems.length > 0
        ? "incomplete"
        : "pass";
  const warnings = diff.warnings?.length ? { warnings: diff.warnings } : {};
  return boundEvalState({
    headSha: input.headSha,
    status,
    notes,
    ...warnings,
    ...(input.runUrl ? { runUrl: input.runUrl } : {}),
    updatedAt: input.now.toISOString(),
  });
}

/** Cut in the middle to `max` UTF-16 units (what zod's `max` counts), never splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = [...text];
  const room = max - 1; // for the "…"
  let head = "";
  let tail = "";
  let front = 0;
  let back = chars.length - 1;
  const fits = (c: string) => head.length + tail.length + c.length <= room;
  while (front <= back) {
    const first = chars[front] as string;
    if (!fits(first)) break;
    head += first;
    front++;
    const last = chars[back] as string;
    if (front > back || !fits(last)) break;
    tail = last + tail;
    back--;
  }
  return `${head}…${tail}`;
}

/**
 * The state as it may be written: each note and the URL within the schema's limits, and as many
 * notes as fit the check's text (the last saying how many more there are), so what Squadgate
 * writes always reads back. The verdict itself is never changed.
 */
export function boundEvalState(state: EvalGateState, budget: number = BUDGETS.checkText): EvalGateState {
  const runUrl = state.runUrl !== undefined && state.runUrl.length <= MAX_URL_LENGTH ? { runUrl: state.runUrl } : {};
  const notes = state.notes.map((note) => cut(note, MAX_NOTE_LENGTH));
  const warnings = boundWarnings(state.warnings);
  // Warnings never crowd out the verdict's notes: when all notes do not fit beside them, they go (the comment has them).
  const withWarnings = warnings.warnings ? fitNotes(state, notes, { ...warnings, ...runUrl }, budget) : undefined;
  if (withWarnings && withWarnings.notes.length === notes.length && notes.length <= MAX_NOTES) return withWarnings;
  return (
    fitNotes(state, notes, runUrl, budget) ?? {
      headSha: state.headSha,
      status: state.status,
      notes: [],
      ...runUrl,
      updatedAt: state.updatedAt,
    }
  );
}

/** As many notes as fit (the last saying how many more there are), or none when not even the verdict fits. */
function fitNotes(
  state: EvalGateState,
  notes: string[],
  extra: { warnings?: string[]; runUrl?: string },
  budget: number,
): EvalGateState | undefined {
  // Keys in the order they were always written, so an unchanged verdict writes the same text.
  const withNotes = (shown: string[]): EvalGateState => ({
    headSha: state.headSha,
    status: state.status,
    notes: shown,
    ...extra,
    updatedAt: state.updatedAt,
  });
  for (let kept = Math.min(notes.length, MAX_NOTES); kept >= 0; kept--) {
    const hidden = notes.length - kept;
    const shown =
      hidden > 0
        ? [
            ...notes.slice(0, Math.max(0, kept - 1)),
            `… and ${hidden + (kept > 0 ? 1 : 0)} more; the eval comment has them all`,
          ]
        : notes;
    const candidate = withNotes(shown);
    if (carriedBytes(candidate) <= budget) return candidate;
  }
  return undefined;
}

/** The bytes a verdict takes in the check's text: base64 JSON inside the data block (24 bytes of markup). */
const carriedBytes = (state: EvalGateState) =>
  24 + Buffer.from(JSON.stringify({ evals: state }), "utf8").toString("base64").length;

/** At most MAX_WARNINGS, each within the note length, the last saying how many more there are. */
function boundWarnings(warnings: readonly string[] | undefined): { warnings?: string[] } {
  if (!warnings?.length) return {};
  const cutOnes = warnings.map((w) => cut(w, MAX_NOTE_LENGTH));
  if (cutOnes.length <= MAX_WARNINGS) return { warnings: cutOnes };
  return {
    warnings: [
      ...cutOnes.slice(0, MAX_WARNINGS - 1),
      `… and ${cutOnes.length - MAX_WARNINGS + 1} more warnings; the eval comment has them all`,
    ],
  };
}

export { formatValue };
