import { clip, code, escapeText } from "../../render/markdown.js";
import type { ProviderChange } from "./compare.js";
import type { ModelRef } from "./extract.js";
import type { ProviderVerdict } from "./verdict.js";

const MAX_SIDE = 3;

/** The check's section on model providers: each file's old and new provider, and what the change needs. */
export function providerLines(verdict: ProviderVerdict): string[] {
  const roles = verdict.required.map((group) => code(group.requirement.id)).join(", ");
  return verdict.changes.map((change) => changeLine(change, roles));
}

function changeLine(change: ProviderChange, roles: string): string {
  const where = `${code(clip(change.path, 300))}${change.line ? ` line ${change.line}` : ""}`;
  const needs = change.needsRoles ? `; ${roles} must approve` : "";
  const shift = `${side(change.before)} → ${side(change.after)}`;
  switch (change.kind) {
    case "vendor": {
      const vendors = change.newVendors.map(code).join(", ");
      return `- ${change.needsRoles ? "⚠️" : "ℹ️"} ${where}: ${shift}: a new vendor (${vendors})${change.needsRoles ? needs : ", already approved"}.`;
    }
    case "model":
      return `- ${change.needsRoles ? "⚠️" : "ℹ️"} ${where}: ${shift}: another model of the same vendor${needs}.`;
    case "version":
      return `- ${change.needsRoles ? "⚠️" : "ℹ️"} ${where}: ${shift}: a version bump of the same model${needs}.`;
    case "dropped":
      return `- ℹ️ ${where}: ${shift}: it no longer calls ${dropped(change)}.`;
    default:
      return `- ⚠️ ${where}: ${escapeText(change.why ?? "it could not be read")}; it counts as a change of vendor${needs}.`;
  }
}

/** `openai` (`gpt-4o`), `anthropic` (`claude-3-5-sonnet`): each vendor and model once. */
function side(refs: readonly ModelRef[]): string {
  if (refs.length === 0) return "no model";
  const names = [
    ...new Set(refs.map((ref) => `${code(ref.vendor)}${ref.model ? ` (${code(clip(ref.model, 80))})` : ""}`)),
  ];
  return names.length > MAX_SIDE
    ? `${names.slice(0, MAX_SIDE).join(", ")} and ${names.length - MAX_SIDE} more`
    : names.join(", ");
}

function dropped(change: ProviderChange): string {
  const left = new Set(change.after.map((ref) => ref.vendor));
  return [...new Set(change.before.map((ref) => ref.vendor).filter((vendor) => !left.has(vendor)))]
    .map(code)
    .join(", ");
}
