/** The lines a unified diff adds, joined, with where each starts and its line number in the new file. */
export interface AddedText {
  text: string;
  /** Offset in `text` where each added line starts. */
  starts: number[];
  /** The line number, in the file at the head, of each added line. */
  lines: number[];
}

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/**
 * The added lines of one file's patch, as GitHub's pull request file listing gives it: hunks whose
 * headers give the new file's line numbers, `+` lines added, ` ` lines kept, `-` lines removed.
 */
export function addedText(patch: string): AddedText {
  const added: string[] = [];
  const lines: number[] = [];
  const starts: number[] = [];
  let next = 0;
  let offset = 0;
  let line = 0;
  for (let at = 0; at < patch.length; at = next + 1) {
    next = patch.indexOf("\n", at);
    if (next < 0) next = patch.length;
    const first = patch.charCodeAt(at);
    if (first === 43 /* + */) {
      const text = patch.slice(at + 1, patch.charCodeAt(next - 1) === 13 ? next - 1 : next);
      added.push(text);
      lines.push(line);
      starts.push(offset);
      offset += text.length + 1;
      line++;
    } else if (first === 32 /* space */) line++;
    else if (first === 64 /* @ */) {
      const start = HUNK.exec(patch.slice(at, Math.min(next, at + 200)))?.[1];
      if (start !== undefined) line = Number(start);
    }
  }
  return { text: added.join("\n"), starts, lines };
}

/** The index of the line holding `offset` (binary search over `starts`). */
export function lineIndexAt(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] as number) <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}
