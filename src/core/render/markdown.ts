/**
 * GitHub-flavoured markdown built from data Squadgate does not control: paths, metric and suite
 * names, test-case names, template items, role descriptions, waiver reasons. Whatever such a string
 * holds, once rendered it cannot mention anyone, open or close markup, forge or hide one of
 * Squadgate's `<!-- ... -->` markers, or reorder the text around it.
 */

/** Line and paragraph breaks: data is always rendered on one line. */
const BREAKS = /\r\n|[\n\r\t\v\f\u0085\u2028\u2029]/g;
/**
 * Characters that reorder or hide text: bidirectional controls, zero-width and other format
 * characters, controls, lone surrogates, and the Hangul fillers that render blank.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\u115F\u1160\u3164\uFFA0]/gu;

const hex = (c: string) => (c.codePointAt(0) ?? 0).toString(16).toUpperCase();
/** `\u202E`-style, so a reviewer sees that the data holds such a character. */
const shown = (c: string) =>
  c.length > 1 || (c.codePointAt(0) ?? 0) > 0xffff ? `\\u{${hex(c)}}` : `\\u${hex(c).padStart(4, "0")}`;

/** One line, with invisible characters shown as escapes. */
export function visible(text: string): string {
  return text.replace(BREAKS, " ").replace(INVISIBLE, shown);
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
const META = /[\\`*_{}[\]|#!~]/g;
/** GitHub links `@name` (a mention) and `#123` (a reference) in text; a zero-width space after them stops it. */
const UNLINK = "&#8203;";

/**
 * Plain text: one line, invisible characters shown, no HTML (so no marker), no markdown, no mention
 * and no issue reference. Backslash escapes alone would not do: GitHub links mentions after rendering.
 */
export function escapeText(text: string): string {
  return (
    text
      .replace(BREAKS, " ")
      .trimStart()
      .replace(/[&<>]/g, (c) => ENTITIES[c] ?? c)
      .replace(META, "\\$&")
      // A leading list, heading or quote marker would start a block inside a list item.
      .replace(/^([-+=])/, "\\$1")
      .replace(/^(\d+)([.)])/, "$1\\$2")
      .replace(INVISIBLE, shown)
      .replace(/@/g, `@${UNLINK}`)
      .replace(/\\#(?=\d)/g, `\\#${UNLINK}`)
  );
}

const UNESCAPE = /\\u\{([0-9A-F]{1,6})\}|\\u([0-9A-F]{4})|\\([\\`*_{}[\]|#!~+=.)-])|&(amp|lt|gt);|&#8203;/g;
const DECODED: Record<string, string> = { amp: "&", lt: "<", gt: ">" };

/** The text `escapeText` was given (up to line breaks and leading spaces), to render it again without escaping twice. */
export function unescapeText(text: string): string {
  return text.replace(UNESCAPE, (all, braced?: string, plain?: string, meta?: string, entity?: string) => {
    if (braced ?? plain) return String.fromCodePoint(Number.parseInt((braced ?? plain) as string, 16));
    if (meta) return meta;
    if (entity) return DECODED[entity] ?? all;
    return "";
  });
}

/**
 * Inline code: literal, so nothing in it mentions or marks up. The fence is longer than any run of
 * backticks inside. Text holding an HTML comment's delimiters is set as escaped `<code>` instead, so
 * no raw `<!--` from data ever appears, even where a code span would show it harmlessly.
 */
export function code(text: string): string {
  // Empty, "``" would be a run of two backticks, not a code span; a lone space is.
  const clean = visible(text).replace(/\|/g, "\\|") || " ";
  if (/<!--|-->/.test(clean)) return `<code>${escapeText(text)}</code>`;
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  // GitHub strips one space each side of a code span (unless it is all spaces): pad to keep them.
  const pad = longest > 0 || (clean.startsWith(" ") && clean.endsWith(" ") && clean.trim() !== "") ? " " : "";
  return `${fence}${pad}${clean}${pad}${fence}`;
}

const HANDLE = /^@?([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\/[A-Za-z0-9][A-Za-z0-9._-]{0,99})?)$/;

/**
 * A GitHub user or `org/team` that Squadgate names on purpose (who approved, who can approve).
 * Only a valid login or team is written as a mention; anything else is shown as code.
 */
export function handle(name: string): string {
  const valid = HANDLE.exec(name)?.[1];
  return valid ? `@${valid}` : code(name);
}

/** A markdown link when `url` is a plain http(s) URL; otherwise just the text. */
export function link(text: string, url: string | undefined): string {
  return url && /^https?:\/\/[^\s()<>[\]`"']+$/.test(url) ? `[${text}](${url})` : text;
}

/** Long names cut in the middle, so both ends (a path's root and file name) stay readable. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = Math.ceil((max - 1) / 2);
  return `${chars.slice(0, head).join("")}…${chars.slice(chars.length - (max - 1 - head)).join("")}`;
}

export function list(items: readonly string[], max: number): string {
  const shown = items.slice(0, max).join(", ");
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
