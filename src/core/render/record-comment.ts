import { targetHandle } from "../../config/names.js";
import { boundRecord, type Waiver, type WaiverRecord } from "../waivers.js";
import { BUDGETS, byteLength, fitLines } from "./budget.js";
import { code, escapeText, handle, link } from "./markdown.js";
import type { SigningScope } from "../signed-data.js";
import { WAIVER_RECORD } from "../state/channels.js";

/**
 * The audit record of waivers, newest last, with the data it is read back from. The data is signed:
 * anyone with write access can edit our comment, and a waiver typed into it must not count. The data
 * is bounded (`boundRecord`) so the comment always fits and reads back; the table shows the newest
 * waivers that fit beside it.
 */
export function renderWaiverRecord(record: WaiverRecord, scope: SigningScope): string {
  const kept = boundRecord(record);
  const rows = kept.waivers.map((w) => {
    const target = targetHandle(w.target);
    const covers = w.coversAll ? "any new commit" : `${w.covers.length} file${w.covers.length === 1 ? "" : "s"}`;
    const status = w.revoked
      ? `${ended(w.revoked)} at ${w.revoked.at}`
      : w.expiresAt
        ? `expires ${w.expiresAt}`
        : "until a covered file changes";
    return `| ${code(target)} | ${handle(w.by)} | ${link(w.at, w.commentUrl)} | ${escapeText(w.reason)} | ${covers} at ${code(w.headSha.slice(0, 7))} | ${status} |`;
  });
  const data = WAIVER_RECORD.write(kept, scope);
  const intro = [
    "### Squadgate waivers",
    "",
    "Every waiver given on this pull request, as it was given. The Squadgate check shows which still apply.",
    "",
    "| Waived | By | When | Reason | Ends on a change to | Status |",
    "|---|---|---|---|---|---|",
  ].join("\n");
  const room = BUDGETS.comment - byteLength(intro) - byteLength(data) - 400;
  // The newest rows matter most: fit them from the end, then say what the table leaves out.
  const newest = fitLines([...rows].reverse(), room, () => "")
    .split("\n")
    .filter(Boolean)
    .reverse();
  const left = rows.length - newest.length + (kept.omitted ?? 0);
  const note =
    left > 0
      ? [
          `_${left} earlier waiver${left === 1 ? " is" : "s are"} not listed; the /waive comments themselves are still on the pull request._`,
          "",
        ]
      : [];
  return [intro, ...newest, "", ...note, data].join("\n");
}

/** Why a waiver ended: our own note, or who took it back (a login, named on purpose). */
const ended = (revoked: NonNullable<Waiver["revoked"]>) =>
  revoked.note ? escapeText(revoked.note) : `taken back by ${handle(revoked.by)}`;
