/** Small helpers for GitHub-flavoured markdown built from user-controlled strings (paths, names). */

/** Inline code that survives backticks, pipes and HTML in the text. */
export function code(text: string): string {
  const clean = text.replace(/[\r\n]+/g, " ").replace(/\|/g, "\\|");
  const fence = clean.includes("`") ? "`` " : "`";
  return `${fence}${clean}${fence.split("").reverse().join("")}`;
}

/** Plain text with markdown and HTML meta-characters neutralised (for titles and free text). */
export function escapeText(text: string): string {
  return text.replace(/[\r\n]+/g, " ").replace(/([\\`*_{}[\]<>|#!~])/g, "\\$1");
}

export function list(items: readonly string[], max: number): string {
  const shown = items.slice(0, max).join(", ");
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/** GitHub rejects check run output over 65,535 characters; cut at a line and say so. */
export function truncate(markdown: string, limit = 65_535): string {
  if (markdown.length <= limit) return markdown;
  const note = "\n\n… (cut to fit GitHub's size limit)";
  const cut = markdown.lastIndexOf("\n", limit - note.length);
  return markdown.slice(0, cut > 0 ? cut : limit - note.length) + note;
}
