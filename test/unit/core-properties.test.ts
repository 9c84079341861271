import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  parseItems,
  renderSection,
  SECTION_END,
  SECTION_START,
  spliceSection,
} from "../../src/core/checklists/section.js";
import type { ChecklistTemplate } from "../../src/core/checklists/templates.js";
import { compilePattern, type CompiledPattern } from "../../src/core/ownership/pattern.js";
import { RuleIndex } from "../../src/core/ownership/rule-index.js";

/** Path segments from a small alphabet, so patterns and paths often meet. */
const SEGMENTS = ["docs", "prompts", "a", "b", "data", "x.md", "y.js", "z.csv", "a.md"];
const segment = fc.constantFrom(...SEGMENTS);
const path = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join("/"));
const patternSegment = fc.oneof(segment, fc.constantFrom("*", "**", "*.md", "*.js", "d?ta", "a*"));
const pattern = fc
  .tuple(fc.boolean(), fc.array(patternSegment, { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([anchored, parts, dir]) => `${anchored ? "/" : ""}${parts.join("/")}${dir ? "/" : ""}`);

const compiled = (raws: readonly string[]): CompiledPattern[] =>
  raws.flatMap((raw) => {
    const result = compilePattern(raw);
    return result.ok ? [result.pattern] : [];
  });

describe("the ownership rule index", () => {
  it("finds the same last matching rule as testing every rule in order", () => {
    fc.assert(
      fc.property(
        fc.array(pattern, { maxLength: 30 }),
        fc.array(path, { minLength: 1, maxLength: 20 }),
        (raws, paths) => {
          const patterns = compiled(raws);
          const index = RuleIndex.build(patterns);
          for (const p of paths)
            expect(index.lastMatch(p), p).toBe(patterns.findLastIndex((rule) => rule.regex.test(p)));
        },
      ),
      { numRuns: 500 },
    );
  });
});

const TEMPLATES: ChecklistTemplate[] = [
  {
    kind: "prompt",
    title: "Prompt change",
    items: [
      { id: "golden-eval", text: "Eval run on the golden set", required: true, role: "ds" },
      { id: "tone", text: "Tone agreed", required: false },
    ],
  },
  { kind: "dataset", title: "Dataset change", items: [{ id: "pii", text: "PII removed", required: true }] },
];

/** Descriptions people write, with line-end styles, our markers in odd places and stray item lines. */
const description = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(SECTION_START, SECTION_END, "- [x] stray <!-- sg:item prompt/tone -->", "```", "<!--", "-->"),
    ),
    { maxLength: 8 },
  )
  .chain((lines) => fc.constantFrom("\n", "\r\n").map((eol) => lines.join(eol)));

const render = (body: string, templates: ChecklistTemplate[]) =>
  spliceSection(body, renderSection({ templates, current: parseItems(body) }));

describe("the checklist section", () => {
  it("renders to a fixed point: rendering what it rendered changes nothing", () => {
    fc.assert(
      fc.property(description, fc.subarray(TEMPLATES), (body, templates) => {
        const once = render(body, templates);
        expect(render(once, templates)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps the author's text outside the section, whatever the templates", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }).filter((s) => !s.includes("<!--")),
        fc.subarray(TEMPLATES),
        (text, templates) => {
          const rendered = render(text, templates);
          expect(rendered.startsWith(text.trimEnd())).toBe(true);
          expect(render(rendered, []).trimEnd()).toBe(text.trimEnd());
        },
      ),
      { numRuns: 300 },
    );
  });
});
