import { createHmac, timingSafeEqual } from "node:crypto";
import * as z from "zod";
import type { BodyItem } from "./section.js";

/**
 * Who ticked which item, kept inside the section as `<data>.<signature>`. The description is
 * editable by the author, so the record is signed (HMAC with the app's secret, bound to the
 * repository and pull request): a hand-made or copied record fails verification and counts as no
 * record. Only role items need it; for other items the tick itself is what counts.
 */
const tickSchema = z.strictObject({ by: z.string().max(60), at: z.iso.datetime() });
const recordSchema = z.record(z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/), tickSchema);

export type Tick = z.output<typeof tickSchema>;
export type TickRecord = Record<string, Tick>;

export interface TickScope {
  secret: string;
  /** `owner/repo#number`: a record only verifies on the pull request it was written for. */
  pullRequest: string;
}

const sign = (scope: TickScope, data: string) =>
  createHmac("sha256", scope.secret).update(`${scope.pullRequest}\n${data}`).digest("base64url").slice(0, 32);

export function encodeTicks(record: TickRecord, scope: TickScope): string | undefined {
  if (Object.keys(record).length === 0) return undefined;
  const data = Buffer.from(JSON.stringify(record), "utf8").toString("base64url");
  return `${data}.${sign(scope, data)}`;
}

/** The verified record, or an empty one when it is missing, malformed or not signed by us for this PR. */
export function decodeTicks(raw: string | undefined, scope: TickScope): TickRecord {
  if (!raw) return {};
  const [data = "", signature = ""] = raw.split(".");
  const expected = sign(scope, data);
  if (signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) return {};
  try {
    const parsed = recordSchema.safeParse(JSON.parse(Buffer.from(data, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/**
 * The record after one edit: items ticked in it are credited to its sender; items unticked lose
 * their credit; everything else keeps what the record said before.
 */
export function applyEdit(
  record: TickRecord,
  before: ReadonlyMap<string, BodyItem>,
  after: ReadonlyMap<string, BodyItem>,
  edit: { sender: string; at: Date },
): TickRecord {
  const next: TickRecord = {};
  for (const [key, item] of after) {
    if (!item.checked) continue;
    const wasChecked = before.get(key)?.checked ?? false;
    const previous = record[key];
    if (!wasChecked) next[key] = { by: edit.sender, at: edit.at.toISOString() };
    else if (previous) next[key] = previous;
  }
  return next;
}

/** Credits that still match a ticked item (an untick outside an edit we saw drops the credit too). */
export function pruneTicks(record: TickRecord, items: ReadonlyMap<string, BodyItem>): TickRecord {
  return Object.fromEntries(Object.entries(record).filter(([key]) => items.get(key)?.checked));
}
