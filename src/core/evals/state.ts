import * as z from "zod";
import type { EvalDiff } from "./diff.js";

/**
 * What the gate needs to know about evals for one head commit. It travels in the Squadgate check
 * run's own output (only this app can write it), so later events (a review, a push) know the eval
 * verdict without reading comments or artifacts again; a new head commit starts with none.
 */
export const evalGateStateSchema = z.strictObject({
  headSha: z.string().regex(/^[0-9a-f]{40}$/),
  status: z.enum(["pass", "regressed", "incomplete", "running"]),
  /** One line per gating regression or problem, shown in the check. */
  notes: z.array(z.string().max(500)).max(50),
  runUrl: z.string().max(500).optional(),
  updatedAt: z.iso.datetime(),
});

export type EvalGateState = z.output<typeof evalGateStateSchema>;

export function parseEvalGateState(data: unknown): EvalGateState | undefined {
  const parsed = evalGateStateSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

const formatValue = (value: number | null | undefined) =>
  value === undefined ? "missing" : value === null ? "not a number" : Number.isInteger(value) ? String(value) : value.toPrecision(4).replace(/\.?0+$/, "");

/** The gate's view of a finished diff: pass, or regressed with one note per gating regression. */
export function gateStateFromDiff(diff: EvalDiff, input: { headSha: string; problems: readonly string[]; runUrl?: string; now: Date }): EvalGateState {
  const notes = [
    ...diff.regressions.map((m) => `${m.suite} · ${m.metric}: ${formatValue(m.base)} → ${formatValue(m.head)} (${m.allowance ?? "gating"})`),
    ...diff.problems,
    ...input.problems,
  ];
  const status = diff.regressions.length > 0 ? "regressed" : diff.problems.length + input.problems.length > 0 ? "incomplete" : "pass";
  return { headSha: input.headSha, status, notes: notes.slice(0, 50), ...(input.runUrl ? { runUrl: input.runUrl } : {}), updatedAt: input.now.toISOString() };
}

export { formatValue };
