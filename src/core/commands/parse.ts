import type { Nodes, Paragraph, Text } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

/**
 * Comment commands, Prow style: one per line, at the start of a line of a top-level paragraph.
 * The comment is parsed as GitHub renders it (CommonMark with GitHub's extensions), so lines inside
 * code blocks, block quotes, lists, tables and HTML comments are never commands (people quote
 * earlier comments, and templates hide text), and a `/word` in the middle of a sentence is text.
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
  const source = body.slice(0, MAX_BODY_LENGTH);
  const tree = fromMarkdown(source, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const commands: ParsedCommand[] = [];
  const unknown: string[] = [];
  for (const node of tree.children) {
    if (node.type !== "paragraph") continue;
    for (const { line, text } of commandLines(node, source)) {
      if (commands.length >= MAX_COMMANDS_PER_COMMENT) return { commands, unknown };
      const match = COMMAND_LINE.exec(text);
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
        line,
      });
    }
  }
  return { commands, unknown };
}

/**
 * The lines of a paragraph that start with plain text beginning `/`, as written in the source.
 * A line counts only when its very first character is that text: indented, or opened by inline
 * code, an HTML comment or any other markup, it is not a command.
 */
function commandLines(paragraph: Paragraph, source: string): { line: number; text: string }[] {
  const lines: { line: number; text: string }[] = [];
  for (const text of textNodes(paragraph)) {
    const start = text.position?.start.offset;
    const end = text.position?.end.offset;
    if (start === undefined || end === undefined) continue;
    for (let offset = start; offset < end; offset++) {
      const atLineStart = offset === 0 || source[offset - 1] === "\n";
      if (!atLineStart || source[offset] !== "/") continue;
      const lineEnd = source.indexOf("\n", offset);
      const raw = source
        .slice(offset, lineEnd < 0 ? undefined : lineEnd)
        .replace(/\r$/, "")
        .trimEnd();
      lines.push({ line: lineOf(source, offset), text: raw });
    }
  }
  return lines.sort((a, b) => a.line - b.line);
}

/** Text nodes directly in the paragraph: text inside links, emphasis or code is never a line start's command. */
function textNodes(paragraph: Paragraph): Text[] {
  return paragraph.children.filter((child: Nodes): child is Text => child.type === "text");
}

const lineOf = (source: string, offset: number) => source.slice(0, offset).split("\n").length;
