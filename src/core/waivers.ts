import * as z from "zod";
import type { ChangesSince } from "./gate/types.js";

/**
 * Waivers are overrides, so each is kept on the record exactly as given: who, when, why, on which
 * head commit, covering which files. The record lives in one bot-written comment; a later edit of
 * the `/waive` comment changes nothing here.
 */
const SHA = /^[0-9a-f]{40}$/;

export const waiverSchema = z.strictObject({
  /** `<comment id>`: the `/waive` comment that gave it. */
  id: z.string().max(40),
  target: z.string().max(40),
  reason: z.string().max(600),
  by: z.string().max(60),
  at: z.iso.datetime(),
  headSha: z.string().regex(SHA),
  /** Files whose change ends the waiver; `coversAll`: any new commit ends it. */
  covers: z.array(z.string().max(4096)).max(3000),
  coversAll: z.boolean().default(false),
  expiresAt: z.iso.datetime().optional(),
  commentUrl: z.string().max(500).optional(),
  /** Taken back with `/unwaive` (`by`), or ended for the reason in `note`. */
  revoked: z
    .strictObject({ by: z.string().max(60), at: z.iso.datetime(), note: z.string().max(200).optional() })
    .optional(),
});

export const waiverRecordSchema = z.strictObject({
  version: z.literal(1),
  waivers: z.array(waiverSchema).max(500),
  /** When Squadgate wrote it, signed with it: see `isRewrittenRecord`. */
  writtenAt: z.iso.datetime().optional(),
  /** Earlier waivers no longer kept, so the record fits its comment (see `boundRecord`). */
  omitted: z.int().min(0).optional(),
});

export type Waiver = z.output<typeof waiverSchema>;
export type WaiverRecord = z.output<typeof waiverRecordSchema>;
export const EMPTY_RECORD: WaiverRecord = { version: 1, waivers: [] };

export type WaiverState = "active" | "revoked" | "expired" | "voided" | "superseded";

export interface WaiverStatus {
  waiver: Waiver;
  state: WaiverState;
  /** Why it no longer applies. */
  reason?: string;
}

/**
 * Where each waiver stands now. Only the latest waiver per target can be active; it ends when taken
 * back, when its time runs out, or when a file it covers changed after its commit.
 */
export function evaluateWaivers(
  record: WaiverRecord,
  input: { headSha: string; now: Date; changesSince: ChangesSince },
): WaiverStatus[] {
  const latest = new Map<string, Waiver>();
  for (const waiver of record.waivers) latest.set(waiver.target, waiver);
  return record.waivers.map((waiver): WaiverStatus => {
    if (latest.get(waiver.target) !== waiver) return { waiver, state: "superseded" };
    if (waiver.revoked) return { waiver, state: "revoked", reason: endedBecause(waiver.revoked) };
    if (waiver.expiresAt && Date.parse(waiver.expiresAt) <= input.now.getTime())
      return { waiver, state: "expired", reason: `expired ${waiver.expiresAt}` };
    if (waiver.headSha === input.headSha) return { waiver, state: "active" };
    const short = waiver.headSha.slice(0, 7);
    if (waiver.coversAll) return { waiver, state: "voided", reason: `new commits since ${short}` };
    const changed = input.changesSince.get(waiver.headSha);
    if (changed === undefined || changed === null)
      return { waiver, state: "voided", reason: `${short} is no longer an ancestor of the head` };
    const covered = new Set(waiver.covers);
    const hit = changed.find((path) => covered.has(path));
    return hit === undefined
      ? { waiver, state: "active" }
      : { waiver, state: "voided", reason: `${hit} changed since ${short}` };
  });
}

/** Head commits of waivers whose diff to the head decides whether they still hold. */
export function waiverCommitsToCompare(record: WaiverRecord, headSha: string): string[] {
  const latest = new Map(record.waivers.map((w) => [w.target, w]));
  return [
    ...new Set(
      [...latest.values()].filter((w) => !w.revoked && !w.coversAll && w.headSha !== headSha).map((w) => w.headSha),
    ),
  ];
}

export function addWaiver(record: WaiverRecord, waiver: Waiver): WaiverRecord {
  const kept = [...record.waivers, coverable(waiver)];
  const dropped = Math.max(0, kept.length - MAX_WAIVERS);
  return boundRecord({ ...omitted(record, dropped), waivers: kept.slice(dropped) });
}

const MAX_WAIVERS = 500;
/** A waiver over more files than this (as JSON) ends with any new commit instead of listing them. */
export const MAX_COVERS_BYTES = 8_000;
/** The record's JSON; signed and base64-encoded it stays under `BUDGETS.recordData`. */
export const MAX_RECORD_JSON_BYTES = 29_000;

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");
const omitted = (record: WaiverRecord, more: number): WaiverRecord => {
  const total = (record.omitted ?? 0) + more;
  return {
    version: 1,
    waivers: record.waivers,
    ...(record.writtenAt ? { writtenAt: record.writtenAt } : {}),
    ...(total > 0 ? { omitted: total } : {}),
  };
};

/** The files a waiver covers, or, when they are too many to record, "any new commit" (which ends it sooner, never later). */
export function coverable(waiver: Waiver): Waiver {
  return waiver.coversAll || jsonBytes(waiver.covers) <= MAX_COVERS_BYTES
    ? waiver
    : { ...waiver, covers: [], coversAll: true };
}

/**
 * The record made small enough to always fit its comment and read back: first waivers a later one
 * for the same target superseded are dropped (oldest first), then the largest file lists become
 * "any new commit", then the oldest waivers go. Every step can only end a waiver sooner.
 */
export function boundRecord(record: WaiverRecord, maxBytes = MAX_RECORD_JSON_BYTES): WaiverRecord {
  let current = record;
  while (jsonBytes(current) > maxBytes && current.waivers.length > 0) {
    const latest = new Map(current.waivers.map((w) => [w.target, w]));
    const superseded = current.waivers.findIndex((w) => latest.get(w.target) !== w);
    if (superseded >= 0) {
      current = { ...omitted(current, 1), waivers: current.waivers.filter((_, i) => i !== superseded) };
      continue;
    }
    const widest = current.waivers.reduce(
      (best, w, i) => (!w.coversAll && w.covers.length > (current.waivers[best]?.covers.length ?? -1) ? i : best),
      -1,
    );
    if (widest >= 0 && (current.waivers[widest]?.covers.length ?? 0) > 0) {
      current = {
        ...current,
        waivers: current.waivers.map((w, i) => (i === widest ? { ...w, covers: [], coversAll: true } : w)),
      };
      continue;
    }
    current = { ...omitted(current, 1), waivers: current.waivers.slice(1) };
  }
  return current;
}

export const endedBecause = (revoked: NonNullable<Waiver["revoked"]>) => revoked.note ?? `taken back by @${revoked.by}`;

/** The label's removal ended the waivers then in force (see `WAIVER_LABEL`); written on the record once it is rewritten. */
export function endWaivers(record: WaiverRecord, at: Date, inForce: ReadonlySet<Waiver>): WaiverRecord {
  const note = "ended when the squadgate: waiver label was removed";
  return {
    ...record,
    waivers: record.waivers.map((w) =>
      inForce.has(w) ? { ...w, revoked: { by: "", at: at.toISOString(), note } } : w,
    ),
  };
}

/** Marks the target's current waiver as taken back; undefined when there is none to take back. */
export function revokeWaiver(record: WaiverRecord, target: string, by: string, at: Date): WaiverRecord | undefined {
  const index = record.waivers.findLastIndex((w) => w.target === target);
  const current = record.waivers[index];
  if (!current || current.revoked) return undefined;
  const waivers = [...record.waivers];
  waivers[index] = { ...current, revoked: { by, at: at.toISOString() } };
  return { ...record, waivers };
}

/** Clock difference between us and GitHub that we tolerate; a replay within it is not caught. */
export const RECORD_CLOCK_SKEW_MS = 10 * 60_000;

/**
 * The signature stops forged records, not an older genuine one pasted back in by someone with write
 * access (to bring back a waiver that was taken back). GitHub stamps every edit of the comment
 * (`updated_at`); ours happen when the record is written, so a much later edit is not ours.
 */
export function isRewrittenRecord(record: WaiverRecord, commentUpdatedAt: string | undefined): boolean {
  if (commentUpdatedAt === undefined) return false;
  if (record.writtenAt === undefined) return true;
  return Date.parse(commentUpdatedAt) - Date.parse(record.writtenAt) > RECORD_CLOCK_SKEW_MS;
}
