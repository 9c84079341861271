import { describe, expect, it } from "vitest";
import { evaluateChecklist } from "../../src/core/checklists/evaluate.js";
import {
  parseItems,
  renderSection,
  SECTION_END,
  SECTION_START,
  spliceSection,
} from "../../src/core/checklists/section.js";
import {
  parseTemplateMarkdown,
  resolveTemplates,
  type ChecklistTemplate,
} from "../../src/core/checklists/templates.js";
import { applyEdit, pruneTicks } from "../../src/core/checklists/ticks.js";
import { TICK_RECORD } from "../../src/core/state/channels.js";
import { formatProblem } from "../../src/config/problems.js";
import { parseConfigText } from "../../src/config/validate-config.js";
import { checklistState, type ChecklistEdit } from "../../src/core/checklists/state.js";

const PROMPT: ChecklistTemplate = {
  kind: "prompt",
  title: "Prompt change",
  items: [
    { id: "golden-eval", text: "Eval run on the golden set", required: true, role: "ds" },
    { id: "tone", text: "Tone agreed", required: false },
  ],
};
const DATASET: ChecklistTemplate = {
  kind: "dataset",
  title: "Dataset change",
  items: [{ id: "pii", text: "PII removed", required: true }],
};
const SCOPE = { secret: "s3cret", pullRequest: "acme/bot#2" };

/** Renders the checklist for `templates` into `body`, keeping ticks, the way the app does. */
function render(body: string, templates: ChecklistTemplate[], ticksLine?: string): string {
  const section = renderSection({ templates, current: parseItems(body), ...(ticksLine ? { ticksLine } : {}) });
  return spliceSection(body, section);
}

const tick = (body: string, key: string) =>
  body.replace(new RegExp(`- \\[ \\] (.*<!-- sg:item ${key} -->)`), "- [x] $1");

describe("rendering into a description", () => {
  it("appends one marked section after the author's text", () => {
    const body = render("Tightens the refusal wording.", [PROMPT]);
    expect(body).toBe(
      [
        "Tightens the refusal wording.",
        "",
        SECTION_START,
        "## Squadgate checklist <!-- sg:title -->",
        "Tick each item when it is done. **Required** items must be ticked before the Squadgate check passes; an item naming a role counts only when a member of that role ticks it. <!-- sg:intro -->",
        "### Prompt change <!-- sg:kind prompt -->",
        "- [ ] Eval run on the golden set · **required**, `@ds` ticks <!-- sg:item prompt/golden-eval -->",
        "- [ ] Tone agreed <!-- sg:item prompt/tone -->",
        SECTION_END,
      ].join("\n"),
    );
  });

  it.each([
    ["an empty description", ""],
    ["a null-ish description with a trailing newline", "Notes\n"],
    ["CRLF line ends (the web editor's)", "Line one\r\nLine two\r\n"],
    ["text after the section", `Intro\n\n${SECTION_START}\n${SECTION_END}\nFooter the author added`],
  ])("is idempotent on %s", (_name, body) => {
    const once = render(body, [PROMPT, DATASET]);
    expect(render(once, [PROMPT, DATASET])).toBe(once);
  });

  it("keeps CRLF line ends and every author line", () => {
    const out = render("Line one\r\nLine two", [DATASET]);
    expect(out.startsWith("Line one\r\nLine two\r\n\r\n<!-- squadgate:checklist:start -->\r\n")).toBe(true);
  });

  it("keeps ticks across re-rendering", () => {
    const ticked = tick(render("x", [PROMPT]), "prompt/tone");
    expect(parseItems(render(ticked, [PROMPT, DATASET])).get("prompt/tone")?.checked).toBe(true);
  });

  it("adds a newly touched kind, drops an untouched kind's open items, keeps its ticked ones as no longer needed", () => {
    const ticked = tick(render("x", [PROMPT]), "prompt/tone");
    const out = render(ticked, [DATASET]);
    expect(out).toContain("### Dataset change <!-- sg:kind dataset -->");
    expect(out).not.toContain("prompt/golden-eval");
    expect(out).toContain(
      "### No longer needed <!-- sg:kind retired -->\n- [x] Tone agreed · _no longer needed_ <!-- sg:item prompt/tone -->",
    );
    expect(render(out, [DATASET])).toBe(out); // the retired suffix does not pile up
  });

  it("removes the section when nothing applies any more", () => {
    expect(render(render("Intro", [PROMPT]), [])).toBe("Intro\n");
  });

  it.each([
    ["both markers removed", (b: string) => b.replace(`${SECTION_START}\n`, "").replace(`\n${SECTION_END}`, "")],
    ["the end marker removed", (b: string) => b.replace(`\n${SECTION_END}`, "")],
    ["the section duplicated", (b: string) => `${b}\n\nMore text\n\n${b.slice(b.indexOf(SECTION_START))}`],
    ["markers nested", (b: string) => b.replace(SECTION_END, `${SECTION_START}\n${SECTION_END}\n${SECTION_END}`)],
    ["text typed inside the section", (b: string) => b.replace("### Prompt change", "My own note\n### Prompt change")],
  ])("repairs %s: one section, no author text lost, ticks kept", (_name, damage) => {
    const original = tick(render("Intro paragraph", [PROMPT]), "prompt/tone");
    const damaged = damage(original);
    const repaired = render(damaged, [PROMPT]);
    expect(repaired.split(SECTION_START)).toHaveLength(2);
    expect(repaired.split(SECTION_END)).toHaveLength(2);
    expect(repaired.match(/sg:item prompt\/tone/g)).toHaveLength(1);
    expect(parseItems(repaired).get("prompt/tone")?.checked).toBe(true);
    const authorLines = damaged
      .split("\n")
      .filter((l) => !l.includes("<!-- sg:") && !l.includes("<!-- squadgate:") && l.trim() !== "");
    for (const line of authorLines) expect(repaired).toContain(line);
    expect(render(repaired, [PROMPT])).toBe(repaired);
  });
});

describe("who ticked what", () => {
  it("round-trips a signed record and rejects one that was edited, copied or forged", () => {
    const ticks = { "prompt/golden-eval": { by: "dana", at: "2026-11-22T10:00:00.000Z" } };
    const written = TICK_RECORD.write(ticks, SCOPE);
    expect(TICK_RECORD.read(written, SCOPE)).toEqual({ status: "ok", value: ticks });
    const block = (payload: string) => `<!-- sg:ticks ${payload} -->`;
    const [data, signature] = written.replace(/^<!-- sg:ticks (\S+) -->$/, "$1").split(".");
    const forged = Buffer.from(
      JSON.stringify({ "prompt/golden-eval": { by: "mallory", at: "2026-11-22T10:00:00.000Z" } }),
    ).toString("base64url");
    expect(TICK_RECORD.read(block(`${forged}.${signature}`), SCOPE)).toEqual({ status: "unreadable" });
    expect(TICK_RECORD.read(written, { ...SCOPE, pullRequest: "acme/bot#3" })).toEqual({ status: "unreadable" });
    expect(TICK_RECORD.read(block(`${data}.x`), SCOPE)).toEqual({ status: "unreadable" });
    expect(TICK_RECORD.read(block("garbage"), SCOPE)).toEqual({ status: "unreadable" });
    expect(TICK_RECORD.read("no record here", SCOPE)).toEqual({ status: "absent" });
  });

  it("credits an edit's new ticks to its sender and keeps earlier credits", () => {
    const base = render("x", [PROMPT, DATASET]);
    const afterDana = tick(base, "prompt/golden-eval");
    const record1 = applyEdit({}, parseItems(base), parseItems(afterDana), {
      sender: "dana",
      at: new Date("2026-11-22T10:00:00Z"),
    });
    const afterBob = tick(afterDana, "dataset/pii");
    const record2 = applyEdit(record1, parseItems(afterDana), parseItems(afterBob), {
      sender: "bob",
      at: new Date("2026-11-22T11:00:00Z"),
    });
    expect(record2).toEqual({
      "prompt/golden-eval": { by: "dana", at: "2026-11-22T10:00:00.000Z" },
      "dataset/pii": { by: "bob", at: "2026-11-22T11:00:00.000Z" },
    });
    const unticked = afterBob.replace("- [x] Eval run", "- [ ] Eval run");
    expect(
      Object.keys(applyEdit(record2, parseItems(afterBob), parseItems(unticked), { sender: "bob", at: new Date() })),
    ).toEqual(["dataset/pii"]);
    expect(pruneTicks(record2, parseItems(unticked))).toEqual({ "dataset/pii": record2["dataset/pii"] });
  });

  describe("edits seen by the app", () => {
    const config = parseConfigText(
      "roles:\n  ds:\n    members: [dana]\nchecklists:\n  templates:\n    prompt:\n      title: Prompt change\n      items:\n        - { id: golden-eval, text: Eval run on the golden set, required: true, role: ds }\n        - { id: tone, text: Tone agreed }\n",
      "squadgate.yml",
    ).config!;
    const stateOf = (text: string, where: "body" | "comment", edit?: ChecklistEdit) =>
      checklistState({
        config: { ...config, checklists: { ...config.checklists, where } },
        kinds: ["prompt"],
        files: new Map(),
        body: where === "body" ? text : "Tightens the refusal wording.",
        comment: where === "comment" ? text : undefined,
        scope: SCOPE,
        ...(edit ? { edit } : {}),
      })!;
    const at = new Date("2026-11-22T10:00:00Z");
    const credited = (record: Record<string, unknown>) => Object.keys(record).sort();

    it("an edit handled after a later one was credited keeps that later credit", () => {
      const base = render("x", [PROMPT]);
      const afterFirst = tick(base, "prompt/golden-eval");
      const afterSecond = tick(afterFirst, "prompt/tone");
      // The second edit (tone) was handled first and its credit written into the live text.
      const live = render(
        afterSecond,
        [PROMPT],
        TICK_RECORD.write({ "prompt/tone": { by: "dana", at: at.toISOString() } }, SCOPE),
      );
      const state = stateOf(live, "body", { source: "body", before: base, after: afterFirst, sender: "dana", at });
      expect(credited(state.record)).toEqual(["prompt/golden-eval", "prompt/tone"]);
    });

    it("with the checklist in a comment, an edit of the description leaves the credits alone", () => {
      const section = render(
        "",
        [PROMPT],
        TICK_RECORD.write({ "prompt/golden-eval": { by: "dana", at: at.toISOString() } }, SCOPE),
      );
      const live = tick(section, "prompt/golden-eval");
      const state = stateOf(live, "comment", {
        source: "body",
        before: "Typo",
        after: "Typo fixed",
        sender: "author",
        at,
      });
      expect(state.record).toEqual({ "prompt/golden-eval": { by: "dana", at: at.toISOString() } });
    });
  });

  it("the signed record rides inside the section", () => {
    const ticks = { "prompt/tone": { by: "dana", at: "2026-11-22T10:00:00.000Z" } };
    const line = TICK_RECORD.write(ticks, SCOPE);
    const body = render("x", [PROMPT], line);
    expect(body.split("\n")).toContain(line);
    expect(TICK_RECORD.read(body, SCOPE)).toEqual({ status: "ok", value: ticks });
  });
});

describe("evaluateChecklist", () => {
  const members: Record<string, string[]> = { ds: ["dana"] };
  const evaluate = (body: string, record = {}) =>
    evaluateChecklist({
      templates: [PROMPT],
      items: parseItems(body),
      record,
      isRoleMember: (role, login) => members[role]?.includes(login) ?? false,
      roleHandles: (role) => (members[role] ?? []).map((m) => `@${m}`),
    });

  it.each<[string, (b: string) => string, Record<string, { by: string; at: string }>, string[]]>([
    ["nothing ticked", (b) => b, {}, ["golden-eval"]],
    [
      "role item ticked by a member",
      (b) => tick(b, "prompt/golden-eval"),
      { "prompt/golden-eval": { by: "dana", at: "2026-11-22T10:00:00.000Z" } },
      [],
    ],
    [
      "role item ticked by a non-member",
      (b) => tick(b, "prompt/golden-eval"),
      { "prompt/golden-eval": { by: "mallory", at: "2026-11-22T10:00:00.000Z" } },
      ["golden-eval"],
    ],
    ["role item ticked with no credited ticker", (b) => tick(b, "prompt/golden-eval"), {}, ["golden-eval"]],
  ])("%s", (_name, edit, record, missing) => {
    const status = evaluate(edit(render("x", [PROMPT])), record);
    expect(status.missing.map((i) => i.id)).toEqual(missing);
  });

  it("says who may tick a role item", () => {
    const status = evaluate(tick(render("x", [PROMPT]), "prompt/golden-eval"), {
      "prompt/golden-eval": { by: "mallory", at: "2026-11-22T10:00:00.000Z" },
    });
    expect(status.items[0]).toMatchObject({ tickedBy: "mallory", counts: false, tickers: ["@dana"] });
  });
});

describe("templates", () => {
  it("parses a markdown template", () => {
    const text =
      "# Prompt change\n\nSome prose.\n\n- [ ] [golden-eval] (required, @ds) Eval run on the golden set\n- [ ] [tone] Tone agreed\n";
    expect(parseTemplateMarkdown(text, "t.md", ["ds"])).toEqual({
      title: "Prompt change",
      items: [
        { id: "golden-eval", text: "Eval run on the golden set", required: true, role: "ds" },
        { id: "tone", text: "Tone agreed", required: false },
      ],
      problems: [],
    });
  });

  it.each([
    ["- [ ] no id here", 1, /expected `- \[ \] \[item-id\]/],
    ["- [ ] [a] (required, @nobody) text", 1, /unknown role @nobody/],
    ["- [ ] [a] (urgent) text", 1, /unknown flag "urgent"/],
    ["- [ ] [a] one\n- [ ] [a] two", 2, /duplicate item id "a"/],
    ["# Title only", 1, /no items/],
  ])("reports %j with its line", (text, line, message) => {
    const { problems } = parseTemplateMarkdown(text, ".github/squadgate/checklists/prompt.md", ["ds"]);
    expect(problems).toEqual([
      {
        severity: "error",
        file: ".github/squadgate/checklists/prompt.md",
        line,
        message: expect.stringMatching(message),
      },
    ]);
  });

  it("uses built-in templates for the touched kinds only, in config order", () => {
    const { config } = parseConfigText("", "x");
    const { templates } = resolveTemplates(config!, ["dataset", "prompt"], new Map());
    expect(templates.map((t) => t.title)).toEqual(["Prompt change", "Dataset change"]);
    expect(templates[0]?.items.length).toBeGreaterThan(2);
  });

  it("reads file templates and says when one is missing", () => {
    const { config } = parseConfigText(
      "checklists:\n  templates:\n    prompt:\n      file: .github/squadgate/checklists/prompt.md\n",
      "x",
    );
    expect(
      resolveTemplates(config!, ["prompt"], new Map([[".github/squadgate/checklists/prompt.md", "- [ ] [a] Do it"]]))
        .templates,
    ).toEqual([{ kind: "prompt", title: "Prompt change", items: [{ id: "a", text: "Do it", required: false }] }]);
    expect(
      resolveTemplates(config!, ["prompt"], new Map([[".github/squadgate/checklists/prompt.md", null]])).problems[0]
        ?.message,
    ).toMatch(/does not exist/);
  });

  it.each([
    [
      "checklists:\n  templates:\n    rag:\n      items: [{ id: a, text: x }]\n",
      '.github/squadgate.yml:3:5: checklists.templates.rag: "rag" is not an asset kind (kinds: prompt, dataset, model-config, eval)',
    ],
    [
      "checklists:\n  templates:\n    prompt:\n      items:\n        - { id: a, text: x }\n        - { id: a, text: y }\n",
      '.github/squadgate.yml:6:13: checklists.templates.prompt.items.1.id: duplicate item id "a"',
    ],
    [
      "checklists:\n  templates:\n    prompt:\n      items:\n        - { id: a, text: '' }\n",
      ".github/squadgate.yml:5:20: checklists.templates.prompt.items.0.text: an item needs text",
    ],
    [
      "checklists:\n  templates:\n    prompt:\n      items:\n        - { id: a, text: x, role: ds }\n",
      '.github/squadgate.yml:5:29: checklists.templates.prompt.items.0.role: unknown role "ds"',
    ],
    [
      "checklists:\n  templates:\n    prompt: {}\n",
      ".github/squadgate.yml:3:5: checklists.templates.prompt: give either items or file",
    ],
  ])("a broken template is a config error with file and line: %j", (yaml, message) => {
    expect(parseConfigText(yaml, ".github/squadgate.yml").problems.map(formatProblem)).toEqual([message]);
  });
});
