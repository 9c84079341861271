import type { SuiteDiff } from "../evals/diff.js";
import { formatNumber, formatSigned } from "../evals/format.js";
import { fitLines } from "./budget.js";
import { clip, code, escapeText } from "./markdown.js";
import { MAX_NAME_SHOWN } from "./eval-table.js";

const MAX_FLIPS = 50;
const MAX_DROPS_SHOWN = 10;
/** Outputs and reasons are excerpts already; in the comment they are cut shorter still. */
const EXCERPT_SHOWN = 160;

/**
 * Cases that passed on base and fail on head, and the reverse, folded; each with the grader's
 * reason and the start of both outputs when the format gives them. Newly failing cases come first
 * and get most of the room; each list is capped and says how many more there are.
 */
export function flipDetails(suites: readonly SuiteDiff[], budget: number): string {
  const line = (s: SuiteDiff, name: string) => {
    const detail = s.details?.[name];
    const parts = [`- ${escapeText(clip(`${s.suite}: ${name}`, MAX_NAME_SHOWN * 2))}`];
    if (detail?.reason) parts.push(`— ${escapeText(clip(detail.reason, EXCERPT_SHOWN))}`);
    const outputs = [
      detail?.base !== undefined ? `base: ${code(clip(detail.base, EXCERPT_SHOWN))}` : "",
      detail?.head !== undefined ? `head: ${code(clip(detail.head, EXCERPT_SHOWN))}` : "",
    ].filter(Boolean);
    if (outputs.length) parts.push(`(${outputs.join(" · ")})`);
    return parts.join(" ");
  };
  const toFail = suites.flatMap((s) => s.toFail.map((c) => line(s, c)));
  const toPass = suites.flatMap((s) => s.toPass.map((c) => line(s, c)));
  const total = toFail.length + toPass.length;
  const open = `<details><summary>${total} test case${total === 1 ? "" : "s"} flipped (${toFail.length} now failing, ${toPass.length} now passing)</summary>`;
  const close = "</details>";
  const room = budget - open.length - close.length - 8;
  const section = (title: string, items: string[], share: number) => {
    if (items.length === 0) return "";
    const heading = `**${title} (${items.length})**`;
    const body = fitLines(items, share - heading.length - 1, (n) => `- … and ${n} more`, MAX_FLIPS);
    return body ? `${heading}\n${body}` : "";
  };
  const failing = section("Passed on base, fail on head", toFail, toPass.length ? Math.floor(room * 0.7) : room);
  const passing = section("Failed on base, pass on head", toPass, room - Buffer.byteLength(failing, "utf8") - 2);
  const body = [failing, passing].filter(Boolean).join("\n\n");
  return body ? [open, "", body, "", close].join("\n") : "";
}

/** The largest per-case score drops that did not flip pass/fail, folded, largest first. */
export function scoreDrops(suites: readonly SuiteDiff[], budget: number): string {
  const drops = suites
    .flatMap((s) => (s.drops ?? []).map((d) => ({ s, d })))
    .sort((a, b) => b.d.base - b.d.head - (a.d.base - a.d.head))
    .slice(0, MAX_DROPS_SHOWN);
  if (drops.length === 0) return "";
  const open = `<details><summary>Largest score drops that did not flip pass/fail (${drops.length})</summary>`;
  const close = "</details>";
  const lines = drops.map(
    ({ s, d }) =>
      `- ${escapeText(clip(`${s.suite}: ${d.name}`, MAX_NAME_SHOWN * 2))}: ${formatNumber(d.base)} → ${formatNumber(d.head)} (${formatSigned(d.head - d.base)})`,
  );
  const body = fitLines(lines, budget - open.length - close.length - 8, (n) => `- … and ${n} more`);
  return body ? [open, "", body, "", close].join("\n") : "";
}
