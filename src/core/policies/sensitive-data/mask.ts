/**
 * A finding as the check shows it: never the value, only enough to find it again in the file. Long
 * values keep their first and last two characters, shorter ones one each, the shortest none.
 */
export function mask(value: string): string {
  const chars = [...value];
  const keep = chars.length >= 12 ? 2 : chars.length >= 6 ? 1 : 0;
  const shown = keep === 0 ? "…" : `${chars.slice(0, keep).join("")}…${chars.slice(-keep).join("")}`;
  return `${shown} (${chars.length} characters)`;
}
