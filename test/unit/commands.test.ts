import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCommands } from "../../src/core/commands/parse.js";
import { validateCommand } from "../../src/core/commands/validate.js";

const names = (body: string) => parseCommands(body).commands.map((c) => [c.name, c.rest]);

describe("parseCommands", () => {
  it.each<[string, string, (string | string[])[][]]>([
    ["a bare command", "/recheck", [["recheck", ""]]],
    [
      "arguments and a free-text reason",
      "/waive legal Licence reviewed offline by counsel",
      [["waive", "legal Licence reviewed offline by counsel"]],
    ],
    [
      "several commands, one per line",
      "/owners\nthanks!\n/recheck",
      [
        ["owners", ""],
        ["recheck", ""],
      ],
    ],
    [
      "CRLF line ends",
      "/owners\r\n/recheck\r\n",
      [
        ["owners", ""],
        ["recheck", ""],
      ],
    ],
    ["trailing spaces", "/owners   ", [["owners", ""]]],
    ["not in the middle of a sentence", "please run /recheck when you can", []],
    ["not indented", "  /recheck", []],
    ["not in a block quote", "> /waive legal because I said so", []],
    ["not in a fenced code block", "```\n/recheck\n```\n", []],
    ["not in a tilde fence, even with a language", "~~~sh\n/recheck\n~~~", []],
    ["after a closed fence", "```\n/owners\n```\n/recheck", [["recheck", ""]]],
    ["an unclosed fence hides the rest", "```\n/recheck", []],
    ["a longer closing fence closes", "````\n```\n/owners\n````\n/recheck", [["recheck", ""]]],
    ["a fence with an info string does not close a block", "```\n```js\n/recheck\n```\n/owners", [["owners", ""]]],
    ["not in a hidden HTML comment", "<!--\n/recheck\n-->\n/owners", [["owners", ""]]],
    ["not in a one-line HTML comment", "<!-- /recheck -->\n/owners", [["owners", ""]]],
    ["an unclosed HTML comment hides the rest, as GitHub renders it", "<!--\n/recheck", []],
    ["not in an HTML comment opened mid-line", "thanks <!-- note to self\n/recheck\n-->\n/owners", [["owners", ""]]],
    ["after an empty comment <!-->", "<!-->\n/recheck", [["recheck", ""]]],
    ["after an empty comment <!--->", "x <!---> y\n/recheck", [["recheck", ""]]],
    ["a comment marker in inline code hides nothing", "type `<!--` to start a comment\n/recheck", [["recheck", ""]]],
    ["nor in double-backtick code", "type ``<!--`` to start one\n/recheck", [["recheck", ""]]],
    ["an unclosed mid-line <!-- is plain text, as GitHub shows it", "Use <!-- in HTML.\n\n/recheck", [["recheck", ""]]],
    ["a block comment spans blank lines", "<!--\n\n/recheck\n-->\n/owners", [["owners", ""]]],
    [
      "a command before a comment opens still counts",
      "/owners <!-- and the rest\n/recheck\n-->",
      [["owners", "<!-- and the rest"]],
    ],
    ["not a path", "/prompts/a.txt is wrong", []],
    ["not upper case", "/RECHECK", []],
    ["not glued to text", "/recheck!", []],
  ])("%s", (_name, body, expected) => {
    expect(names(body)).toEqual(expected);
  });

  it("reports unknown commands for a usage hint", () => {
    expect(parseCommands("/approve\n/lgtm").unknown).toEqual(["/approve", "/lgtm"]);
  });

  it("stops at five commands per comment", () => {
    expect(parseCommands("/owners\n".repeat(50)).commands).toHaveLength(5);
  });

  it("bounds huge comments", () => {
    const body = `${"x".repeat(200_000)}\n/recheck`;
    expect(parseCommands(body).commands).toEqual([]);
  });
});

describe("validateCommand", () => {
  const check = (body: string) => {
    const [command] = parseCommands(body).commands;
    if (!command) throw new Error(`no command in ${body}`);
    return validateCommand(command);
  };

  it.each([
    [
      "/waive legal Licence reviewed offline by counsel",
      { name: "waive", target: "legal", reason: "Licence reviewed offline by counsel" },
    ],
    [
      "/waive @legal Licence reviewed offline by counsel",
      { name: "waive", target: "legal", reason: "Licence reviewed offline by counsel" },
    ],
    ["/unwaive evals", { name: "unwaive", target: "evals" }],
    ["/eval", { name: "eval", suites: [] }],
    ["/eval golden smoke golden", { name: "eval", suites: ["golden", "smoke"] }],
    ["/owners", { name: "owners" }],
  ])("%s is valid", (body, command) => {
    expect(check(body)).toEqual({ ok: true, command });
  });

  it.each([
    ["/waive", /say what to waive/],
    ["/waive legal", /a waiver needs a reason/],
    ["/waive legal ok", /at least 10 characters/],
    [`/waive legal ${"x".repeat(600)}`, /under 500 characters/],
    ["/waive le;gal because reasons abound", /say what to waive/],
    ["/waive $(rm -rf /) because reasons", /say what to waive/],
    ["/unwaive", /say which waiver/],
    ["/unwaive legal extra", /say which waiver/],
    ["/eval ../../etc/passwd", /is not a suite name/],
    ["/eval `whoami`", /is not a suite name/],
    [`/eval ${Array.from({ length: 11 }, (_, i) => `s${i}`).join(" ")}`, /at most 10 suites/],
    ["/owners please", /takes no arguments/],
  ])("%s is refused with a usage hint", (body, message) => {
    const result = check(body);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(message);
      expect(result.error).toMatch(/Usage: `\//);
    }
  });
});

describe("parseCommands, as a property", () => {
  const word = fc.stringMatching(/^[a-z][a-z0-9 ]{0,20}$/);
  const command = fc.constantFrom(
    "/help",
    "/owners",
    "/recheck",
    "/waive legal reviewed offline by counsel",
    "/unwaive ds",
    "/eval",
    "/checklist",
  );
  const paragraphs = fc.array(word, { maxLength: 3 }).map((lines) => lines.join("\n"));
  /** A command inside markup that hides it or makes it something other than a line of a paragraph. */
  const hidden = fc
    .tuple(command, word)
    .chain(([cmd, text]) =>
      fc.constantFrom(
        `\`\`\`\n${cmd}\n\`\`\``,
        `~~~sh\n${cmd}\n~~~`,
        `    ${cmd}`,
        `> ${cmd}`,
        `> ${text}\n${cmd}`,
        `<!--\n${cmd}\n-->`,
        `<!-- ${text}\n${cmd} -->`,
        `- ${cmd}`,
        `1. ${cmd}`,
        `\`${cmd}\``,
        `${text} ${cmd}`,
        `# ${cmd}`,
        `| a |\n|---|\n| ${cmd} |`,
      ),
    );

  it("never finds a command in code, quotes, HTML comments, lists, headings, tables or mid-sentence", () => {
    fc.assert(
      fc.property(paragraphs, hidden, paragraphs, (before, inside, after) => {
        const body = [before, inside, after].filter(Boolean).join("\n\n");
        expect(parseCommands(body).commands).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("finds a command at the start of a line of a top-level paragraph, wherever the paragraph is", () => {
    fc.assert(
      fc.property(paragraphs, command, paragraphs, (before, cmd, after) => {
        const body = [before, cmd, after].filter(Boolean).join("\n\n");
        expect(parseCommands(body).commands.map((c) => `/${c.name}`)).toEqual([cmd.split(" ")[0]]);
      }),
      { numRuns: 300 },
    );
  });
});
