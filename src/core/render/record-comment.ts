import { endedBecause, type WaiverRecord } from "../waivers.js";
import { code, escapeText } from "./markdown.js";
import type { SigningScope } from "../signed-data.js";
import { embedSignedData } from "./sticky.js";

/**
 * The audit record of waivers, newest last, with the data it is read back from. The data is signed:
 * anyone with write access can edit our comment, and a waiver typed into it must not count.
 */
export function renderWaiverRecord(record: WaiverRecord, scope: SigningScope): string {
  const rows = record.waivers.map((w) => {
    const target = w.target === "evals" || w.target === "checklist" ? w.target : `@${w.target}`;
    const covers = w.coversAll ? "any new commit" : `${w.covers.length} file${w.covers.length === 1 ? "" : "s"}`;
    const status = w.revoked ? `${endedBecause(w.revoked)} at ${w.revoked.at}` : w.expiresAt ? `expires ${w.expiresAt}` : "until a covered file changes";
    const source = w.commentUrl ? `[${w.at}](${w.commentUrl})` : w.at;
    return `| ${code(target)} | @${w.by} | ${source} | ${escapeText(w.reason)} | ${covers} at ${code(w.headSha.slice(0, 7))} | ${status} |`;
  });
  return [
    "### Squadgate waivers",
    "",
    "Every waiver given on this pull request, as it was given. The Squadgate check shows which still apply.",
    "",
    "| Waived | By | When | Reason | Ends on a change to | Status |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
    embedSignedData(record, scope),
  ].join("\n");
}
