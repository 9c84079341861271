import type { ProvidersConfig } from "../../../config/providers-schema.js";
import type { ModelRef } from "./extract.js";
import { modelFamily } from "./vendors.js";

/**
 * How a file's calls changed. `vendor`: it calls a vendor it did not call before (its data now goes
 * there). `model`: another model of a vendor it already called. `version`: a newer version of a
 * model it called (same family). `dropped`: it stopped calling a vendor. `unreadable`: it could not
 * be told, so it counts as a change of vendor.
 */
export type ChangeKind = "vendor" | "model" | "version" | "dropped" | "unreadable" | "same";

export interface ProviderChange {
  path: string;
  kind: ChangeKind;
  before: ModelRef[];
  after: ModelRef[];
  /** The line that shows the change: in the new version, or in the old one for a vendor dropped. */
  line?: number;
  newVendors: string[];
  /** The configured roles must approve it. */
  needsRoles: boolean;
  /** Why it could not be read. */
  why?: string;
}

const key = (ref: ModelRef) => `${ref.vendor}\u0000${ref.model ?? ""}`;

export function compareModels(
  path: string,
  sides: { before: ModelRef[]; after: ModelRef[] } | { unreadable: string },
  config: Pick<ProvidersConfig, "on" | "approved">,
): ProviderChange {
  if ("unreadable" in sides)
    return { path, kind: "unreadable", before: [], after: [], newVendors: [], needsRoles: true, why: sides.unreadable };
  const { before, after } = sides;
  const had = new Set(before.map((ref) => ref.vendor));
  const newVendors = [...new Set(after.map((ref) => ref.vendor))].filter((vendor) => !had.has(vendor));
  const base = { path, before, after, newVendors };
  if (newVendors.length > 0) {
    const line = after.find((ref) => newVendors.includes(ref.vendor))?.line;
    const needsRoles = config.on !== "vendor" || newVendors.some((vendor) => !config.approved.includes(vendor));
    return { ...base, kind: "vendor", ...(line ? { line } : {}), needsRoles };
  }
  const known = new Set(before.map(key));
  const added = after.filter((ref) => !known.has(key(ref)));
  if (added.length === 0) {
    const left = new Set(after.map((ref) => ref.vendor));
    const dropped = before.find((ref) => !left.has(ref.vendor));
    return dropped
      ? { ...base, kind: "dropped", line: dropped.line, needsRoles: false }
      : { ...base, kind: "same", needsRoles: false };
  }
  const families = new Set(before.map((ref) => `${ref.vendor}\u0000${modelFamily(ref.model ?? "")}`));
  const switched = added.find((ref) => !families.has(`${ref.vendor}\u0000${modelFamily(ref.model ?? "")}`));
  const kind = switched ? "model" : "version";
  const needsRoles = config.on === "any" || (config.on === "model" && kind === "model");
  return { ...base, kind, line: (switched ?? added[0])?.line ?? 1, needsRoles };
}
