/**
 * How GitHub would read what Squadgate writes, for assertions: which users and teams it would
 * mention, which markup is left open or was not Squadgate's own, and which hidden markers it holds.
 * Deliberately stricter than GitHub where they differ, so a pass here is a pass there.
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** The text with fenced blocks and inline code (code spans and `<code>` elements) removed; `problems` gets unclosed fences. */
export function outsideCode(markdown: string, problems: string[] = []): string {
  const kept: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split("\n")) {
    const match = FENCE.exec(line);
    if (fence) {
      if (
        match &&
        match[1]?.[0] === fence[0] &&
        (match[1]?.length ?? 0) >= fence.length &&
        (match[2] ?? "").trim() === ""
      )
        fence = undefined;
      continue;
    }
    if (match) {
      fence = match[1];
      if ((match[2] ?? "").trim() !== "mermaid") problems.push(`a fence Squadgate does not open: ${line}`);
      continue;
    }
    kept.push(withoutSpans(line).replace(/<code>[\s\S]*?<\/code>/g, " "));
  }
  if (fence) problems.push("a fenced block is never closed");
  return kept.join("\n");
}

/** One line without its code spans (CommonMark: a backtick run closes only at a run of the same length; `\`` opens none). */
function withoutSpans(line: string): string {
  let out = "";
  let i = 0;
  while (i < line.length) {
    if (line[i] === "\\" && i + 1 < line.length) {
      out += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (line[i] !== "`") {
      out += line[i];
      i++;
      continue;
    }
    let n = 0;
    while (line[i + n] === "`") n++;
    const close = findRun(line, i + n, n);
    if (close < 0) {
      out += line.slice(i, i + n);
      i += n;
    } else {
      out += " ";
      i = close + n;
    }
  }
  return out;
}

function findRun(line: string, from: number, n: number): number {
  for (let i = from; i < line.length; ) {
    if (line[i] !== "`") {
      i++;
      continue;
    }
    let m = 0;
    while (line[i + m] === "`") m++;
    if (m === n) return i;
    i += m;
  }
  return -1;
}

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  commat: "@",
  num: "#",
  nbsp: "\u00A0",
};

/** Text as GitHub's mention filter sees it: after backslash escapes and character references are resolved. */
function rendered(text: string): string {
  return text
    .replace(/\\([!-/:-@[-`{-~])/g, "$1")
    .replace(/&(?:#(\d+)|#[xX]([0-9a-fA-F]+)|([A-Za-z]+));/g, (all, dec?: string, hex?: string, name?: string) => {
      if (dec) return String.fromCodePoint(Number(dec) % 0x110000);
      if (hex) return String.fromCodePoint(Number.parseInt(hex, 16) % 0x110000);
      return NAMED[name ?? ""] ?? all;
    });
}

/** Users and `org/team`s GitHub would mention (and notify, in a comment), in order. */
export function mentions(markdown: string): string[] {
  const text = rendered(outsideCode(markdown));
  return [...text.matchAll(/(?<![A-Za-z0-9_])@([A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)?)/g)].map(
    (m) => m[1] as string,
  );
}

const MARKER = /^<!-- (?:squadgate:[a-z:]+(?: [A-Za-z0-9+/=._-]+)?|sg:[a-z]+(?: [a-z0-9/-]+| [A-Za-z0-9_.-]+)?) -->/;

/** Squadgate's hidden markers, each as written; `forged` gets every other `<!--`. */
export function markers(markdown: string, forged: string[] = []): string[] {
  const found: string[] = [];
  for (const at of [...markdown.matchAll(/<!--/g)].map((m) => m.index ?? 0)) {
    const marker = MARKER.exec(markdown.slice(at))?.[0];
    if (marker) found.push(marker);
    else forged.push(markdown.slice(at, at + 60));
  }
  return found;
}

const ALLOWED_TAGS = new Set(["details", "summary"]);
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u;

/**
 * What is wrong with the markup: invisible or reordering characters, raw line breaks other than
 * `\n`, fences not Squadgate's or left open, HTML other than Squadgate's own `<details>`, unbalanced
 * `<details>`, and table rows whose cell count differs from their header's.
 */
export function markupProblems(markdown: string): string[] {
  const problems: string[] = [];
  const invisible = [...markdown].find((c) => c !== "\n" && INVISIBLE.test(c));
  if (invisible) problems.push(`an invisible character U+${(invisible.codePointAt(0) ?? 0).toString(16)}`);
  const text = outsideCode(markdown, problems);
  const tags = [...text.matchAll(/<(\/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*>/g)];
  for (const [tag, , name = ""] of tags)
    if (!ALLOWED_TAGS.has(name.toLowerCase())) problems.push(`an HTML tag that is not Squadgate's: ${tag}`);
  for (const name of ALLOWED_TAGS) {
    const opened = tags.filter((t) => t[1] === "" && t[2] === name).length;
    const closed = tags.filter((t) => t[1] === "/" && t[2] === name).length;
    if (opened !== closed) problems.push(`<${name}> opened ${opened} times, closed ${closed} times`);
  }
  // Cells are split before code spans are read, so tables are checked on the raw lines.
  problems.push(...tableProblems(markdown));
  return problems;
}

/** Separators of a table row: pipes not escaped by a backslash (as GitHub's table parser reads them). */
const cells = (row: string) => [...row].filter((c, i, all) => c === "|" && all[i - 1] !== "\\").length;

function tableProblems(text: string): string[] {
  const problems: string[] = [];
  const lines = text.split("\n");
  for (let i = 1; i < lines.length; i++) {
    if (!/^\|(?:-+\|)+$/.test(lines[i] ?? "")) continue;
    const width = cells(lines[i - 1] ?? "");
    if (cells(lines[i] ?? "") !== width) problems.push(`a table header and its delimiter row differ: ${lines[i - 1]}`);
    for (let j = i + 1; j < lines.length && (lines[j] ?? "").trim() !== ""; j++) {
      if (cells(lines[j] ?? "") !== width)
        problems.push(
          `a table row with ${cells(lines[j] ?? "")} separators instead of ${width}: ${lines[j]?.slice(0, 120)}`,
        );
    }
  }
  return problems;
}
