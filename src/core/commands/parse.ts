/**
 * Comment commands, Prow style: one per line, at the start of the line. Lines inside fenced code
 * blocks, block quotes and HTML comments are never commands (people quote earlier comments, and
 * templates hide text), and a `/word` in the middle of a sentence is just text.
 */

export const COMMAND_NAMES = ["help", "owners", "recheck", "waive", "unwaive", "eval", "checklist"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export interface ParsedCommand {
  name: CommandName;
  args: string[];
  /** Everything after the command word, trimmed: a waiver's reason is free text. */
  rest: string;
  line: number;
}

export interface CommandParse {
  commands: ParsedCommand[];
  /** `/words` at a line start that are not commands, for a usage hint. */
  unknown: string[];
}

/** Bounds that keep a hostile comment from costing more than a normal one. */
export const MAX_COMMANDS_PER_COMMENT = 5;
export const MAX_ARGS = 10;
export const MAX_REST_LENGTH = 500;
const MAX_BODY_LENGTH = 65_536;

const COMMAND_LINE = /^\/([a-z][a-z-]{0,30})(?:[ \t]+(.*))?$/;

export function parseCommands(body: string): CommandParse {
  const commands: ParsedCommand[] = [];
  const unknown: string[] = [];
  let fence: string | null = null;
  let htmlComment = false;
  const lines = body.slice(0, MAX_BODY_LENGTH).split(/\r?\n/);
  for (let i = 0; i < lines.length && commands.length < MAX_COMMANDS_PER_COMMENT; i++) {
    const line = (lines[i] as string).trimEnd();
    if (fence !== null) {
      // Only a bare fence closes (CommonMark): "```js" inside a block is content.
      const closing = /^ {0,3}(`{3,}|~{3,})$/.exec(line)?.[1];
      if (closing && closing[0] === fence[0] && closing.length >= fence.length) fence = null;
      continue;
    }
    if (htmlComment) {
      const close = line.indexOf("-->");
      if (close >= 0) htmlComment = leavesCommentOpen(line.slice(close + 3), lines, i, false);
      continue;
    }
    const opening = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (opening) {
      fence = opening;
      continue;
    }
    // Text inside an HTML comment is hidden: not something the author asked for in what they see.
    htmlComment = leavesCommentOpen(line, lines, i, true);
    const match = COMMAND_LINE.exec(line.trimStart() === line ? line : "");
    if (!match) continue;
    const word = match[1] as string;
    const rest = (match[2] ?? "").trim();
    if (!(COMMAND_NAMES as readonly string[]).includes(word)) {
      unknown.push(`/${word}`);
      continue;
    }
    commands.push({
      name: word as CommandName,
      args: rest === "" ? [] : rest.split(/\s+/).slice(0, MAX_ARGS + 1),
      rest: rest.slice(0, MAX_REST_LENGTH + 1),
      line: i + 1,
    });
  }
  return { commands, unknown };
}

/**
 * Whether `text` (on line `index`) opens an HTML comment that hides the lines after it, as GitHub
 * renders Markdown: one opened at a line start runs until `-->`; one opened mid-line is a comment
 * only if it closes before the paragraph ends (otherwise `<!--` shows as text). `<!-->` and
 * `<!--->` are empty comments, and code spans hide nothing.
 */
function leavesCommentOpen(text: string, lines: readonly string[], index: number, atLineStart: boolean): boolean {
  const visible = text.replace(/(`+).*?(?<!`)\1(?!`)/g, (span) => "x".repeat(span.length));
  let from = 0;
  for (;;) {
    const open = visible.indexOf("<!--", from);
    if (open < 0) return false;
    const after = open + 4;
    if (visible.startsWith(">", after) || visible.startsWith("->", after)) {
      from = after + 1;
      continue;
    }
    const close = visible.indexOf("-->", after);
    if (close >= 0) {
      from = close + 3;
      continue;
    }
    if (atLineStart && /^ {0,3}$/.test(visible.slice(0, open))) return true;
    return closesInParagraph(lines, index + 1);
  }
}

function closesInParagraph(lines: readonly string[], start: number): boolean {
  for (let i = start; i < lines.length && (lines[i] as string).trim() !== ""; i++) {
    if ((lines[i] as string).includes("-->")) return true;
  }
  return false;
}
