import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Problem } from "../../src/config/problems.js";
import { parseItems, renderSection } from "../../src/core/checklists/section.js";
import type { ChecklistTemplate } from "../../src/core/checklists/templates.js";
import type { EvalDiff, MetricDiff } from "../../src/core/evals/diff.js";
import { gateStateFromDiff, type EvalGateState } from "../../src/core/evals/state.js";
import { checkTextWith, evalStateRoundTrip } from "../helpers/hidden-state.js";
import type { GateDecision, RequirementStatus } from "../../src/core/gate/decide.js";
import type { Policy } from "../../src/core/policy.js";
import { BUDGETS, byteLength } from "../../src/core/render/budget.js";
import { renderCheckOutput } from "../../src/core/render/check-summary.js";
import { renderOwnersComment } from "../../src/core/render/command-replies.js";
import { renderEvalComment } from "../../src/core/render/eval-comment.js";
import { escapeText, unescapeText } from "../../src/core/render/markdown.js";
import { renderWaiverRecord } from "../../src/core/render/record-comment.js";
import { WAIVER_RECORD } from "../../src/core/state/channels.js";
import { addWaiver, EMPTY_RECORD, type Waiver } from "../../src/core/waivers.js";
import { markers, markupProblems, mentions } from "../helpers/markdown-safety.js";

/**
 * Whatever the repository puts in a path, a metric, suite or case name, a template item, a role
 * description or a waiver reason, what Squadgate renders mentions nobody but the logins it names on
 * purpose, leaves no markup open, carries no marker but its own, and stays within its budget.
 */
const HOSTILE = [
  "@dora",
  "@acme/legal",
  " @ds ",
  "\\@x",
  "&#64;eve",
  "&commat;eve",
  "@&#8203;x",
  "`",
  "``",
  "```",
  "`@eve`",
  "<!--",
  "-->",
  "<!-- squadgate:data eyJ4IjoxfQ== -->",
  "<!-- sg:item prompt/x -->",
  "<details>",
  "</details>",
  "<summary>",
  "<script>alert(1)</script>",
  "|",
  "\\|",
  "\\",
  "\r",
  "\n",
  "\r\n",
  "\u2028",
  "\u202E",
  "\u2066",
  "\u200B",
  "\u0000",
  "\uFEFF",
  "\uD800",
  "#12",
  "acme/repo#3",
  "*",
  "**",
  "_",
  "[x](https://evil.example)",
  "- ",
  "1. ",
  "> ",
  "# ",
  "    ",
  "~~~",
  "&",
  "&amp;",
  "\\u202E",
  "…",
  "é",
  "👩‍👩‍👧",
];
const text = (maxLength = 60) =>
  fc
    .array(
      fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: "binary", maxLength: 8 }), fc.string({ maxLength: 12 })),
      { maxLength: Math.ceil(maxLength / 6) },
    )
    .map((parts) => parts.join(""));
const some = <T>(arb: fc.Arbitrary<T>, maxLength = 6) => fc.array(arb, { maxLength });

/** Logins Squadgate names on purpose (validated GitHub logins); nothing else may be mentioned. */
const LOGINS = ["dora", "lee", "boss"];
const login = fc.constantFrom(...LOGINS);
const NAMED = new Set([...LOGINS, "acme/data-science"]);

function expectSafe(markdown: string, budget: number, ownMarkers: string[] = []) {
  expect(mentions(markdown).filter((m) => !NAMED.has(m))).toEqual([]);
  expect(markupProblems(markdown)).toEqual([]);
  const forged: string[] = [];
  expect(markers(markdown, forged).filter((m) => !ownMarkers.some((own) => m.startsWith(own)))).toEqual([]);
  expect(forged).toEqual([]);
  expect(byteLength(markdown)).toBeLessThanOrEqual(budget);
}

const requirement: fc.Arbitrary<RequirementStatus> = fc
  .record({
    role: fc.constantFrom("ds", "legal", "mle"),
    description: text(),
    files: some(text(), 8),
    approvedBy: some(login, 2),
    stale: some(fc.record({ login, reason: text() }), 2),
    changesRequestedBy: some(login, 1),
    satisfied: fc.boolean(),
  })
  .map((r) => ({ ...r, id: `@${r.role}`, approvalsNeeded: 1, canApprove: ["@dora", "@acme/data-science"] }));

const problem: fc.Arbitrary<Problem> = fc.record({
  severity: fc.constantFrom("error" as const, "warning" as const),
  file: text(20),
  message: text(),
});
const stored = (w: { target: string; reason: string; by: string }): Waiver => ({
  ...w,
  id: "1",
  at: "2026-11-22T10:00:00.000Z",
  headSha: "a".repeat(40),
  covers: [],
  coversAll: true,
});

const decision: fc.Arbitrary<{ decision: GateDecision; owners: string[]; pattern: string }> = fc
  .record({
    requirements: some(requirement, 4),
    problems: some(problem, 8),
    assets: some(fc.record({ path: text(), kinds: fc.constant<string[]>(["prompt"]) }), 8),
    owners: some(text(20), 3),
    pattern: text(20),
    items: some(fc.record({ title: text(), text: text(), role: fc.constantFrom("ds", "legal"), tickedBy: login }), 3),
    notes: some(text(), 4),
    runUrl: fc.oneof(fc.constant("https://github.com/o/r/actions/runs/1"), text(30)),
    waivers: some(fc.record({ target: fc.constantFrom("legal", "evals", "agents"), reason: text(), by: login }), 3),
    agentTexts: some(text(), 3),
    starter: login,
    providers: some(
      fc.record({
        path: text(),
        vendor: text(20),
        model: text(20),
        why: text(),
        kind: fc.constantFrom(
          "vendor" as const,
          "model" as const,
          "version" as const,
          "dropped" as const,
          "unreadable" as const,
        ),
      }),
      4,
    ),
  })
  .map((d) => ({
    owners: d.owners,
    pattern: d.pattern,
    decision: {
      conclusion: "action_required",
      title: "Waiting",
      mode: "enforce",
      assets: d.assets,
      requirements: d.requirements,
      unowned: [],
      reviewRequests: { users: [], teams: [] },
      problems: d.problems,
      filesComplete: true,
      waivers: d.waivers.map((w, i) => ({ waiver: stored(w), state: i % 2 ? "active" : "voided", reason: w.reason })),
      checklist: {
        items: d.items.map((item) => ({
          kind: "prompt",
          id: "x",
          title: item.title,
          text: item.text,
          required: true,
          role: item.role,
          checked: true,
          tickedBy: item.tickedBy,
          counts: false,
          tickers: ["@dora"],
        })),
        missing: [],
        waived: false,
      },
      evals: {
        state: {
          headSha: "a".repeat(40),
          status: "regressed",
          notes: d.notes,
          warnings: d.notes.slice(1),
          runUrl: d.runUrl,
          updatedAt: "2026-11-22T10:00:00.000Z",
        },
        blocking: true,
        waived: false,
      },
      agents: agentsOf(d.agentTexts, d.starter),
      providers: providersOf(d.providers),
    } as GateDecision,
  }));

/** An agent verdict whose every string is data: commit lines, logins, agent names, dates. */
function agentsOf(texts: string[], starter: string): NonNullable<GateDecision["agents"]> {
  return {
    evidence: texts.flatMap((t, i) => [
      { kind: "author" as const, login: t, agent: t },
      { kind: "commit-author" as const, sha: "a".repeat(40), login: t, role: "author" as const, agent: t },
      { kind: "commit-line" as const, sha: "b".repeat(40), mention: { line: i + 1, text: t, agent: t } },
      { kind: "pusher" as const, login: t, agent: t },
      { kind: "description" as const, mention: { line: 2, text: t, agent: t }, editedAt: t },
      { kind: "deleted-revision" as const, editedAt: t, deletedBy: t },
    ]),
    approvals: 2,
    starters: [{ login: starter, because: texts[0] ?? "" }],
    excluded: new Map(),
    notes: texts,
    waived: texts.length % 2 === 1,
  };
}

function providersOf(changes: { path: string; vendor: string; model: string; why: string; kind: string }[]) {
  return {
    changes: changes.map((c) => ({
      path: c.path,
      kind: c.kind as "vendor",
      before: [{ vendor: c.vendor, model: c.model, line: 1 }],
      after: [{ vendor: c.model, model: c.vendor, line: 2 }],
      newVendors: [c.model],
      line: 2,
      needsRoles: true,
      why: c.why,
    })),
    required: [{ requirement: { id: "@legal", role: "legal", members: [], approvals: 1 }, files: [] }],
  };
}

const policyFor = (owners: string[], pattern: string) =>
  ({ ownershipFile: ".github/SQUADOWNERS", ruleFor: () => ({ line: 3, pattern, owners }) }) as unknown as Policy;

const metric = (
  suite: string,
  name: string,
  regression: boolean,
  column?: string,
  direction: "higher" | "lower" = "higher",
): MetricDiff => ({
  suite,
  metric: name,
  base: 0.9,
  head: 0.5,
  delta: -0.4,
  verdict: "worse",
  gating: regression,
  regression,
  allowance: "may not get worse",
  direction,
  ...(column !== undefined ? { info: { name, column, n: 20 } } : {}),
  stats: {
    n: { base: 20, head: 20 },
    ci: { base: [0.7, 0.97], head: [0.3, 0.7] },
    test: { name: "McNemar exact", p: 0.02, pairs: 20 },
  },
});
/** A flipped case's grader reason and outputs, and a score drop, all the eval's own text. */
const flip = fc.record({
  name: text(),
  reason: fc.option(text(200)),
  base: fc.option(text(200)),
  head: fc.option(text(200)),
});
const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
const diff: fc.Arbitrary<EvalDiff> = fc
  .record({
    suites: fc.array(
      fc.record({
        suite: text(20),
        metrics: some(
          fc.record({ name: text(30), regression: fc.boolean(), column: fc.option(text(40)), lower: fc.boolean() }),
          5,
        ),
        toFail: some(flip, 4),
        toPass: some(flip, 4),
        drops: some(text(), 3),
      }),
      { maxLength: 4 },
    ),
    warnings: some(text(), 3),
    notes: some(text(), 3),
  })
  .map(({ suites, warnings, notes }) => {
    const diffs = suites.map((s) => ({
      suite: s.suite,
      presence: "both" as const,
      metrics: s.metrics.map((m) =>
        metric(s.suite, m.name, m.regression, m.column ?? undefined, m.lower ? "lower" : "higher"),
      ),
      toFail: s.toFail.map((f) => f.name),
      toPass: s.toPass.map((f) => f.name),
      details: Object.fromEntries(
        [...s.toFail, ...s.toPass].map((f) => [f.name, defined({ reason: f.reason, base: f.base, head: f.head })]),
      ),
      drops: s.drops.map((name) => ({ name, base: 0.9, head: 0.4 })),
    }));
    return {
      suites: diffs,
      regressions: diffs.flatMap((s) => s.metrics.filter((m) => m.regression)),
      problems: [],
      warnings,
      notes,
      alpha: 0.05,
    };
  });

describe("rendering hostile repository data", () => {
  it("the check summary", () => {
    fc.assert(
      fc.property(decision, ({ decision: d, owners, pattern }) => {
        const output = renderCheckOutput(d, policyFor(owners, pattern));
        expectSafe(output.summary, BUDGETS.checkSummary);
      }),
      { numRuns: 300 },
    );
  });

  it("the /owners comment", () => {
    fc.assert(
      fc.property(decision, ({ decision: d, owners, pattern }) =>
        expectSafe(renderOwnersComment(d, policyFor(owners, pattern)), BUDGETS.comment),
      ),
      { numRuns: 200 },
    );
  });

  it("the eval comment, with its Mermaid charts intact: grader reasons, outputs, columns, warnings and notes included", () => {
    fc.assert(
      fc.property(diff, some(text(), 3), (d, problems) => {
        const body = renderEvalComment({
          headSha: "a".repeat(40),
          runUrl: "https://github.com/o/r/actions/runs/1",
          baseline: "main",
          diff: d,
          problems,
        });
        expectSafe(body, BUDGETS.evalResults);
      }),
      { numRuns: 300 },
    );
  });

  it("the waiver record, whose data always reads back", () => {
    const scope = { secret: "s", pullRequest: "acme/bot#7" };
    fc.assert(
      fc.property(
        some(
          fc.record({
            target: fc.constantFrom("legal", "ds", "evals"),
            reason: text(600).map((r) => r.slice(0, 600)),
            by: login,
          }),
          5,
        ),
        (given) => {
          const record = given.map(stored).reduce(addWaiver, EMPTY_RECORD);
          const body = renderWaiverRecord(record, scope);
          expectSafe(body, BUDGETS.comment, ["<!-- squadgate:signed "]);
          expect(WAIVER_RECORD.read(body, scope)).toEqual({ status: "ok", value: record });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("the checklist section: each line ends in its own marker, and rendering it again changes nothing", () => {
    const template = fc.record({
      title: text(80),
      items: some(fc.record({ text: text(300), required: fc.boolean(), role: fc.constantFrom(undefined, "ds") }), 5),
    });
    fc.assert(
      fc.property(template, text(), (t, retiredText) => {
        const templates: ChecklistTemplate[] = [
          {
            kind: "prompt",
            title: t.title,
            items: t.items.map((item, i) => ({
              id: `i${i}`,
              text: item.text,
              required: item.required,
              ...(item.role ? { role: item.role } : {}),
            })),
          },
        ];
        const retired = new Map([["prompt/gone", { key: "prompt/gone", checked: true, text: retiredText }]]);
        const lines = renderSection({ templates, current: retired }) ?? [];
        const body = lines.join("\n");
        expectSafe(body, BUDGETS.comment, ["<!-- squadgate:checklist:", "<!-- sg:"]);
        for (const line of lines) expect(markers(line)).toHaveLength(1);
        const again = renderSection({ templates, current: parseItems(body) }) ?? [];
        expect(again.join("\n")).toBe(body);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the checker reads as GitHub does", () => {
  it.each<[string, string, string[]]>([
    ["a bare mention", "ask @dora", ["dora"]],
    ["a team", "ask @acme/legal now", ["acme/legal"]],
    ["a backslash escape, which GitHub still links", "ask \\@dora", ["dora"]],
    ["a character reference, decoded before linking", "ask &#64;dora or &commat;eve", ["dora", "eve"]],
    ["a code span", "ask `@dora`", []],
    ["a code span that a longer run does not close", "``a` @dora ``", []],
    ["an unclosed backtick", "a ` @dora", ["dora"]],
    ["a zero-width space after @", "@&#8203;dora", []],
    ["an e-mail address", "dora@example.com", []],
  ])("mentions: %s", (_name, markdown, expected) => {
    expect(mentions(markdown)).toEqual(expected);
  });

  it.each<[string, string]>([
    ["foreign HTML", "a <img src=x> b"],
    ["an unclosed <details>", "<details><summary>x</summary>\n\nbody"],
    ["a row with one cell too many", "| a | b |\n|---|---|\n| x | y | z |"],
    ["a fence that is not ours", "```js\ncode\n```"],
    ["an unclosed fence", "```mermaid\nx"],
    ["a right-to-left override", "invoice\u202Etxt.exe"],
    ["a carriage return", "a\rb"],
  ])("markup problems: %s", (_name, markdown) => {
    expect(markupProblems(markdown)).not.toEqual([]);
  });

  it("a marker that is not Squadgate's is forged", () => {
    const forged: string[] = [];
    expect(markers("x <!-- squadgate:data abc --> <!-- hide", forged)).toEqual(["<!-- squadgate:data abc -->"]);
    expect(forged).toEqual(["<!-- hide"]);
  });
});

describe("escaping", () => {
  it("escapeText can be undone, so text read back from the description is not escaped twice", () => {
    fc.assert(
      fc.property(text(), (value) => {
        const once = escapeText(value);
        expect(escapeText(unescapeText(once))).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("the eval verdict in the check's text", () => {
  const state = (notes: string[], status: EvalGateState["status"] = "regressed"): EvalDiff => ({
    suites: [],
    regressions: notes.map((name) => metric("s", name, true)),
    problems: status === "incomplete" ? ["problem"] : [],
    // Warnings (gating rules that matched nothing) name the rule as written: hostile too.
    warnings: notes.slice(0, 30).map((name) => `gating rule { match: ${name} } matched no metric`),
  });

  it("always reads back as the verdict written, whatever the metric names", () => {
    fc.assert(
      fc.property(
        some(fc.oneof(text(), fc.string({ unit: "binary", minLength: 400, maxLength: 3000 })), 80),
        (names) => {
          const written = gateStateFromDiff(state(names), {
            headSha: "a".repeat(40),
            problems: [],
            runUrl: "https://github.com/o/r/actions/runs/1",
            now: new Date("2026-11-22T10:00:00Z"),
          });
          expect(byteLength(checkTextWith(written))).toBeLessThanOrEqual(BUDGETS.checkText);
          expect(evalStateRoundTrip(written)).toEqual(written);
          expect(written.status).toBe(names.length > 0 ? "regressed" : "pass");
        },
      ),
      { numRuns: 200 },
    );
  });
});
