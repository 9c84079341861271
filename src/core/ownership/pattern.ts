/**
 * CODEOWNERS patterns, as GitHub's "About code owners" page defines them: gitignore rules, except
 * that `!` negation, `[ ]` ranges and `\#` escapes do not exist, paths are case-sensitive, and
 * `docs/*` matches files directly in `docs/` but not `docs/build-app/troubleshooting.md`.
 *
 * Where the docs are silent we take the reading that real GitHub behaviour has been reported to
 * follow: a last segment with a wildcard (`/foo/b*`, `*.js`, `/*`) names files, never a directory
 * whose contents it would then own; a last segment without one (`/apps/github`, `**\/logs`) names a
 * file or a directory together with everything beneath it.
 */

export interface CompiledPattern {
  regex: RegExp;
  /** Whole path segments every matching path contains (e.g. `docs` for `/docs/*.md`). */
  literalSegments: string[];
  /** For `*.ext`-style patterns with no literal segment: the extension a matching file name ends with. */
  extension?: string;
}

export type PatternResult = { ok: true; pattern: CompiledPattern } | { ok: false; message: string };

const WILDCARD = /(?<!\\)[*?]/;

export function compilePattern(raw: string): PatternResult {
  const problem = unsupported(raw);
  if (problem) return { ok: false, message: problem };

  const dirOnly = raw.endsWith("/");
  const trimmed = dirOnly ? raw.slice(0, -1) : raw;
  // A slash at the start or in the middle anchors the pattern to the repository root.
  const anchored = trimmed.includes("/");
  const segments = (trimmed.startsWith("/") ? trimmed.slice(1) : trimmed).split("/");
  if (segments.some((s) => s === "")) return { ok: false, message: `"${raw}" has an empty path segment (//)` };

  let source = anchored ? "^" : "^(?:.*/)?";
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === "**") source += last ? ".*" : "(?:.*/)?";
    else source += segmentToRegex(segment) + (last ? "" : "/");
  });

  const lastSegment = segments.at(-1) ?? "";
  if (lastSegment !== "**") {
    if (dirOnly) source += "/";
    else if (WILDCARD.test(lastSegment)) source += "$";
    else source += "(?:/|$)";
  }

  const literalSegments = segments.filter((s) => !WILDCARD.test(s) && s !== "**").map(unescapeSegment);
  const extension = literalSegments.length === 0 && !dirOnly ? extensionOf(lastSegment) : undefined;
  return {
    ok: true,
    pattern: { regex: new RegExp(source), literalSegments, ...(extension !== undefined ? { extension } : {}) },
  };
}

function unsupported(raw: string): string | undefined {
  if (raw.startsWith("!")) return `"${raw}": negation with ! is not supported in CODEOWNERS`;
  if (raw.startsWith("\\#")) return `"${raw}": patterns cannot start with #, even escaped`;
  if (/(?<!\\)[[\]]/.test(raw)) return `"${raw}": character ranges with [ ] are not supported in CODEOWNERS`;
  if (raw === "/") return `"/" never matches anything; did you mean * ?`;
  if (raw.endsWith("\\")) return `"${raw}" ends with a lone backslash`;
  return undefined;
}

function segmentToRegex(segment: string): string {
  let out = "";
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i] as string;
    if (ch === "\\") out += escapeRegex(segment[++i] ?? "");
    else if (ch === "*") {
      while (segment[i + 1] === "*") i++; // "a**b" is a plain star, as in gitignore
      out += "[^/]*";
    } else if (ch === "?") out += "[^/]";
    else out += escapeRegex(ch);
  }
  return out;
}

/** `*.js` and `**\/*.test.ts` end in a fixed extension we can index by; `*` and `f?o.md` do not. */
function extensionOf(segment: string): string | undefined {
  const star = segment.lastIndexOf("*");
  const tail = segment.slice(star + 1);
  const dot = tail.lastIndexOf(".");
  if (star < 0 || dot < 0 || WILDCARD.test(tail) || tail.includes("\\")) return undefined;
  return tail.slice(dot);
}

const unescapeSegment = (segment: string) => segment.replace(/\\(.)/g, "$1");
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
