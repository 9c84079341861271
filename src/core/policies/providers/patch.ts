/**
 * GitHub shows each changed file's unified diff against the merge base (the pull request's own
 * change). With the head's text, that diff gives the base's text exactly, so one read per file is
 * enough, and none for an added file (its diff holds all of it).
 */

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

interface Hunk {
  oldCount: number;
  newStart: number;
  newCount: number;
  oldLines: string[];
  newLines: string[];
}

function parseHunks(patch: string): Hunk[] | undefined {
  const hunks: Hunk[] = [];
  let current: Hunk | undefined;
  for (const line of patch.replace(/\n$/, "").split("\n")) {
    const header = HUNK.exec(line);
    if (header) {
      current = {
        oldCount: Number(header[2] ?? 1),
        newStart: Number(header[3]),
        newCount: Number(header[4] ?? 1),
        oldLines: [],
        newLines: [],
      };
      hunks.push(current);
    } else if (!current || line.startsWith("\\")) {
      // "\ No newline at end of file", or text before the first hunk.
    } else if (line.startsWith("+")) current.newLines.push(line.slice(1));
    else if (line.startsWith("-")) current.oldLines.push(line.slice(1));
    else {
      const context = line.startsWith(" ") ? line.slice(1) : line;
      current.oldLines.push(context);
      current.newLines.push(context);
    }
  }
  return hunks.every((h) => h.newLines.length === h.newCount && h.oldLines.length === h.oldCount) ? hunks : undefined;
}

/**
 * The base's text, from the head's and the diff between them; undefined when the diff does not fit
 * the head (then neither can be trusted).
 */
export function baseFromHead(head: string, patch: string): string | undefined {
  if (patch === "") return head;
  const hunks = parseHunks(patch);
  if (!hunks) return undefined;
  const lines = head.split("\n");
  const out: string[] = [];
  let next = 0; // index in `lines` of the first line not yet copied
  for (const hunk of hunks) {
    const start = Math.max(0, hunk.newStart - (hunk.newCount === 0 ? 0 : 1));
    if (start < next || start + hunk.newCount > lines.length) return undefined;
    out.push(...lines.slice(next, start));
    const inHead = lines.slice(start, start + hunk.newCount);
    if (inHead.some((line, i) => stripCr(line) !== stripCr(hunk.newLines[i] ?? ""))) return undefined;
    out.push(...hunk.oldLines);
    next = start + hunk.newCount;
  }
  out.push(...lines.slice(next));
  return out.join("\n");
}

/** The whole text of an added file, from its diff (every line added). */
export function addedText(patch: string): string | undefined {
  const hunks = parseHunks(patch);
  const hunk = hunks?.length === 1 ? hunks[0] : undefined;
  return hunk && hunk.oldLines.length === 0 ? hunk.newLines.join("\n") : undefined;
}

const stripCr = (line: string) => (line.endsWith("\r") ? line.slice(0, -1) : line);
