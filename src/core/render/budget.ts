/**
 * What GitHub accepts, and the budgets Squadgate renders to. GitHub counts a check run's summary
 * and text in UTF-8 bytes ("exceeds a maximum bytesize of 65535") and comment and description bodies
 * in characters; a budget here is in bytes, which is never fewer than characters, so it holds for both.
 */
export const GITHUB_LIMITS = {
  /** `output.summary` and `output.text` of a check run. */
  checkOutput: 65_535,
  /** A comment or a pull request description. */
  body: 65_536,
  /** Annotations per check run request: the data policies' findings are sent in batches of this many. */
  annotations: 50,
  /** Pending review requests on a pull request, users and teams together. */
  reviewRequests: 15,
} as const;

/** Budgets for each output, below the limits to leave room for markers and hidden data around them. */
export const BUDGETS = {
  checkSummary: 64_000,
  checkText: 60_000,
  /** A sticky comment's visible part; its marker and hidden data come on top. */
  comment: 56_000,
  /** The eval comment's results; its banner and data come on top. */
  evalResults: 50_000,
  /** The signed data of the waiver record. */
  recordData: 40_000,
} as const;

export const byteLength = (text: string): number => Buffer.byteLength(text, "utf8");

/**
 * As many of `lines` as fit in `budget` bytes (joined by newlines), and at most `max` of them, then
 * `more(hidden)` saying how many were left out. Never longer than `budget`; empty when not even the
 * note fits.
 */
export function fitLines(
  lines: readonly string[],
  budget: number,
  more: (hidden: number) => string,
  max = Number.POSITIVE_INFINITY,
): string {
  if (lines.length <= max) {
    const all = lines.join("\n");
    if (byteLength(all) <= budget) return all;
  }
  const room = budget - byteLength(more(lines.length)) - 1;
  const kept: string[] = [];
  let size = 0;
  for (const line of lines) {
    const cost = byteLength(line) + (kept.length > 0 ? 1 : 0);
    if (kept.length >= max || size + cost > room) break;
    kept.push(line);
    size += cost;
  }
  const text = [...kept, more(lines.length - kept.length)].join("\n");
  return byteLength(text) <= budget ? text : "";
}

/** A table: its header lines, then the rows that fit, then (after a blank line, which ends the table) what was left out. */
export function fitTable(
  header: readonly string[],
  rows: readonly string[],
  budget: number,
  more: (hidden: number) => string,
  max?: number,
): string {
  const head = header.join("\n");
  const body = fitLines(rows, budget - byteLength(head) - 1, (hidden) => `\n${more(hidden)}`, max);
  return body === "" && rows.length > 0 ? "" : [head, body].filter((part) => part !== "").join("\n");
}

/** A section that could not be shown at all within its budget says so rather than being cut mid-markup. */
const OMITTED = "_This part was too long to show here._";
/** What each section after the current one is kept, so a long section early on cannot crowd out the rest. */
const RESERVE = 600;

/**
 * Sections in order of importance, each rendered within what is left of `budget` (less a reserve for
 * each later section), joined by blank lines. A renderer that overruns its share is replaced by a
 * short note, so the whole never exceeds `budget` and markup is never cut in half.
 */
export function fitSections(sections: readonly ((budget: number) => string)[], budget: number): string {
  const parts: string[] = [];
  let used = 0;
  sections.forEach((render, i) => {
    const gap = parts.length > 0 ? 2 : 0;
    const share = budget - used - gap - RESERVE * (sections.length - 1 - i);
    if (share <= 0) return;
    let text = render(share);
    if (byteLength(text) > share) text = byteLength(OMITTED) <= share ? OMITTED : "";
    if (text === "") return;
    parts.push(text);
    used += gap + byteLength(text);
  });
  return parts.join("\n\n");
}

/** Last resort for a body that must fit: cut at a line, and say so. Renderers fit their budgets; this only guards. */
export function clipToBytes(text: string, limit: number): string {
  if (byteLength(text) <= limit) return text;
  const note = "\n\n… (cut to fit GitHub's size limit)";
  let cut = Buffer.from(text, "utf8")
    .subarray(0, limit - byteLength(note))
    .toString("utf8");
  // A multi-byte character cut in half decodes to U+FFFD; drop it, then go back to a line break.
  cut = cut.replace(/\uFFFD$/, "");
  const line = cut.lastIndexOf("\n");
  return (line > 0 ? cut.slice(0, line) : cut) + note;
}
