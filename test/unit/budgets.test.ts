import { describe, expect, it } from "vitest";
import { parseTemplateMarkdown } from "../../src/core/checklists/templates.js";
import type { EvalDiff, MetricDiff } from "../../src/core/evals/diff.js";
import { gateStateFromDiff } from "../../src/core/evals/state.js";
import { readHeadState } from "../../src/core/state/head-text.js";
import { evalStateRoundTrip } from "../helpers/hidden-state.js";
import { decideGate, type GateDecision } from "../../src/core/gate/decide.js";
import { planReviewRequests } from "../../src/core/gate/review-requests.js";
import type { Policy } from "../../src/core/policy.js";
import { BUDGETS, byteLength, fitLines, fitSections, GITHUB_LIMITS } from "../../src/core/render/budget.js";
import { renderCheckOutput } from "../../src/core/render/check-summary.js";
import { renderOwnersComment } from "../../src/core/render/command-replies.js";
import { renderEvalComment } from "../../src/core/render/eval-comment.js";
import { code, escapeText } from "../../src/core/render/markdown.js";
import { renderWaiverRecord } from "../../src/core/render/record-comment.js";
import { WAIVER_RECORD } from "../../src/core/state/channels.js";
import type { HeadFacts } from "../../src/core/pull/facts.js";
import { pullWorld, snapshotOfWorld } from "../helpers/pull-facts.js";
import { addWaiver, EMPTY_RECORD, MAX_COVERS_BYTES, type Waiver } from "../../src/core/waivers.js";
import { fittedChecklistText, type ChecklistState } from "../../src/core/checklists/state.js";
import { markupProblems, mentions } from "../helpers/markdown-safety.js";
import { policyFrom } from "../helpers/policy.js";

const SHA = "a".repeat(40);
const long = (i: number, length = 300) =>
  `${`prompts/${"deep/".repeat(Math.ceil(length / 5))}`.slice(0, length - 12)}/f-${String(i).padStart(4, "0")}.txt`;
const metric = (i: number, name = `named.${"x".repeat(430)}.${i}`): MetricDiff => ({
  suite: "golden",
  metric: name,
  base: 0.9,
  head: 0.5,
  delta: -0.4,
  verdict: "worse",
  gating: true,
  regression: true,
  allowance: "may not get worse",
  direction: "higher",
});

describe("fitting lines and sections", () => {
  it("keeps what fits, says how many more, and never exceeds the budget", () => {
    const lines = Array.from({ length: 100 }, (_, i) => `- line ${i}`);
    const text = fitLines(lines, 200, (n) => `- and ${n} more`);
    expect(byteLength(text)).toBeLessThanOrEqual(200);
    expect(text).toMatch(/^- line 0\n.*\n- and \d+ more$/s);
    expect(fitLines(lines, 5, (n) => `- and ${n} more`)).toBe("");
    expect(fitLines(["a", "b", "c"], 100, (n) => `+${n}`, 2)).toBe("a\nb\n+1");
  });

  it("gives each later section its reserve, and replaces one that overruns its share with a note", () => {
    const text = fitSections([(room) => "x".repeat(room), () => "second", () => "y".repeat(5000)], 3000);
    expect(text).toMatch(/^x+\n\nsecond\n\n_This part was too long to show here\._$/);
    expect(byteLength(text)).toBeLessThanOrEqual(3000);
  });
});

describe("markdown helpers", () => {
  it.each([
    ["plain", "prompts/a.txt", "`prompts/a.txt`"],
    ["a backtick", "a`b", "`` a`b ``"],
    ["a run of two", "a``@dora``b", "``` a``@dora``b ```"],
    ["a pipe", "a|b", "`a\\|b`"],
    ["a right-to-left override, shown", "invoice\u202Etxt.exe", "`invoice\\u202Etxt.exe`"],
    ["a line break", "a\r\nb", "`a b`"],
    ["an HTML comment opener", "a<!-- squadgate:data x -->", "<code>a&lt;\\!-- squadgate:data x --&gt;</code>"],
    ["nothing", "", "` `"],
  ])("code: %s", (_name, input, expected) => {
    expect(code(input)).toBe(expected);
  });

  it.each([
    ["a mention", "ping @acme/legal now", "ping @&#8203;acme/legal now"],
    ["an issue reference", "see #12", "see \\#&#8203;12"],
    ["a character reference", "&#64;eve", "&amp;\\#&#8203;64;eve"],
    ["HTML", "<details>", "&lt;details&gt;"],
    ["a list marker at the start", "- x", "\\- x"],
    ["a zero-width space, shown", "a\u200Bb", "a\\u200Bb"],
  ])("escapeText: %s", (_name, input, expected) => {
    expect(escapeText(input)).toBe(expected);
  });
});

describe("check summary within GitHub's limit", () => {
  it("2,000 problems and 3,000 long paths: errors first, totals said, the folded list closed", () => {
    const problems = Array.from({ length: 2000 }, (_, i) => ({
      severity: i % 4 ? ("warning" as const) : ("error" as const),
      file: ".github/SQUADOWNERS",
      line: i + 1,
      message: `unknown role @role${i}`,
    }));
    const assets = Array.from({ length: 3000 }, (_, i) => ({ path: long(i), kinds: ["prompt"] }));
    const decision = {
      conclusion: "failure",
      title: "500 configuration problems to fix",
      mode: "enforce",
      assets,
      requirements: [],
      unowned: [],
      reviewRequests: { users: [], teams: [] },
      problems,
      filesComplete: true,
      waivers: [],
    } as GateDecision;
    const policy = { ruleFor: () => ({ line: 2, pattern: "/prompts/", owners: ["@ds"] }) } as unknown as Policy;
    const { summary } = renderCheckOutput(decision, policy);
    expect(byteLength(summary)).toBeLessThanOrEqual(BUDGETS.checkSummary);
    expect(summary).toMatch(
      /- … and \d+ more \(500 errors and 1500 warnings in all\); `squadgate validate` lists those in the config and ownership files\./,
    );
    expect(summary.indexOf("⚠️")).toBeGreaterThan(summary.lastIndexOf("- ❌"));
    expect(summary).toContain("</details>");
    expect(markupProblems(summary)).toEqual([]);
  });

  it("a path past 300 characters is cut in the middle, keeping its start and its file name", () => {
    const path = `prompts/${"x".repeat(500)}/system.txt`;
    const decision = {
      conclusion: "action_required",
      title: "t",
      mode: "enforce",
      assets: [{ path, kinds: ["prompt"] }],
      requirements: [],
      unowned: [],
      reviewRequests: { users: [], teams: [] },
      problems: [],
      filesComplete: true,
      waivers: [],
    } as GateDecision;
    expect(renderCheckOutput(decision, null).summary).toMatch(/\| `prompts\/x+…x+\/system\.txt` \| prompt \| none \|/);
  });
});

describe("eval comment within its budget", () => {
  it("3,000 regressions with long names and 5,000 flipped cases: verdict, table and flips, each cut with a count", () => {
    const regressions = Array.from({ length: 3000 }, (_, i) => metric(i));
    const cases = Array.from({ length: 5000 }, (_, i) => `case ${i} asks @support-team about ${"y".repeat(80)}`);
    const diff: EvalDiff = {
      suites: [{ suite: "golden", presence: "both", metrics: regressions, toFail: cases, toPass: cases }],
      regressions,
      problems: [],
    };
    const body = renderEvalComment({ headSha: SHA, diff, problems: [] });
    expect(byteLength(body)).toBeLessThanOrEqual(BUDGETS.evalResults);
    expect(body).toMatch(
      /❌ 3000 gating regressions: .* and \d+ more\. Until this is fixed, the Squadgate check holds/,
    );
    expect(body).toMatch(/\| Suite \| Metric \|[\s\S]*\d+ more metrics not shown/);
    expect(body).toContain("**Passed on base, fail on head (5000)**");
    expect(body).toContain("</details>");
    expect(mentions(body)).toEqual([]);
    expect(markupProblems(body)).toEqual([]);
  });

  it("thousands of problems leave room for the verdict; regressions lead the table", () => {
    const fine: MetricDiff = {
      ...metric(0, "pass_rate"),
      head: 0.95,
      delta: 0.05,
      verdict: "better",
      regression: false,
    };
    const worse = metric(1, "named.groundedness");
    const diff: EvalDiff = {
      suites: [{ suite: "golden", presence: "both", metrics: [fine, worse], toFail: [], toPass: [] }],
      regressions: [worse],
      problems: [],
    };
    const problems = Array.from(
      { length: 5000 },
      (_, i) => `results/${i}.json: not valid JSON ${"(details) ".repeat(20)}`,
    );
    const body = renderEvalComment({ headSha: SHA, diff, problems });
    expect(body).toMatch(/- … and \d+ more problems/);
    expect(body).toContain("❌ 1 gating regression: `golden · named.groundedness`");
    expect(body.indexOf("| golden | `named.groundedness` |")).toBeLessThan(body.indexOf("| golden | `pass_rate` |"));
  });
});

describe("the eval verdict in the check's text", () => {
  it("a 430-character metric name still reads back (it made a 673-character note, past the 500 the schema allows)", () => {
    const diff: EvalDiff = { suites: [], regressions: [metric(1)], problems: [] };
    const state = gateStateFromDiff(diff, { headSha: SHA, problems: [], now: new Date("2026-11-22T10:00:00Z") });
    expect(state.notes[0]?.length).toBeLessThanOrEqual(500);
    expect(evalStateRoundTrip(state)).toEqual(state);
  });

  it("a head state that does not read back holds the gate: could not be judged, never no verdict", () => {
    const unreadable = `<!-- squadgate:data ${Buffer.from(JSON.stringify({ head: { v: 1, pulls: { "7": { seenAt: "2026-11-22T10:00:00.000Z", evals: { headSha: SHA, status: "pass", notes: ["x".repeat(501)], updatedAt: "2026-11-22T10:00:00.000Z" } } } } })).toString("base64")} -->`;
    expect(readHeadState(unreadable)).toEqual({ ok: false });
    expect(readHeadState("<!-- squadgate:data %%% -->")).toEqual({ ok: false });
    expect(readHeadState(`<!-- squadgate:data ${Buffer.from("{}").toString("base64")} -->`)).toEqual({ ok: false });
    expect(readHeadState("a check text someone else wrote")).toEqual({ ok: false });
    expect(readHeadState(null)).toEqual({ ok: true, state: { v: 1, pulls: {} } });
    const world = pullWorld({ config: "evals:\n  workflow: eval.yml\n", files: ["prompts/a.txt"] });
    const head = { ...(world.facts.head as HeadFacts), state: readHeadState(unreadable) };
    const snapshot = snapshotOfWorld({ ...world, facts: { ...world.facts, head } });
    expect(snapshot.evals?.state).toMatchObject({
      headSha: world.ctx.headSha,
      status: "incomplete",
      notes: [expect.stringContaining("could not be read back")],
    });
  });
});

describe("/owners within a comment", () => {
  it("3,000 files with 300-character paths: what is missing, the roles, then as many files as fit", () => {
    const { policy } = policyFrom("roles:\n  ds:\n    members: [dana]\n", "/prompts/ @ds\n");
    const files = Array.from({ length: 3000 }, (_, i) => ({ path: long(i) }));
    const decision = decideGate({
      policy,
      facts: {
        author: "a",
        draft: false,
        headSha: SHA,
        owner: "acme",
        files,
        filesComplete: true,
        reviews: [],
        requestedUsers: [],
        requestedTeams: [],
      },
      teamMembers: new Map(),
      changesSince: new Map(),
      problems: [],
    });
    const body = renderOwnersComment(decision, policy);
    expect(byteLength(body)).toBeLessThanOrEqual(BUDGETS.comment);
    expect(body).toContain("Still missing: `@ds` (0/1).");
    expect(body).toMatch(/\d+ more not shown; `squadgate check --json` lists every file\.$/);
    expect(markupProblems(body)).toEqual([]);
  });
});

describe("the waiver record within a comment", () => {
  const scope = { secret: "s", pullRequest: "acme/bot#7" };
  const waiver = (i: number, covers: string[]): Waiver => ({
    id: String(i),
    target: `role${i % 40}`,
    reason: `${"Reviewed offline, ".repeat(33)}`.slice(0, 600),
    by: "boss",
    at: "2026-11-22T10:00:00.000Z",
    headSha: SHA,
    covers,
    coversAll: false,
  });

  it("a waiver over more files than it can record ends with any new commit instead", () => {
    const many = Array.from({ length: 3000 }, (_, i) => long(i));
    const [kept] = addWaiver(EMPTY_RECORD, waiver(1, many)).waivers;
    expect(kept).toMatchObject({ covers: [], coversAll: true });
    expect(addWaiver(EMPTY_RECORD, waiver(1, ["datasets/b.csv"])).waivers[0]?.covers).toEqual(["datasets/b.csv"]);
    expect(byteLength(JSON.stringify(many))).toBeGreaterThan(MAX_COVERS_BYTES);
  });

  it("500 waivers with long reasons: the latest per target kept, the record fits and reads back", () => {
    const record = Array.from({ length: 500 }, (_, i) => waiver(i, [long(i, 200)])).reduce(addWaiver, EMPTY_RECORD);
    const body = renderWaiverRecord(record, scope);
    expect(byteLength(`<!-- squadgate:record -->\n${body}`)).toBeLessThanOrEqual(GITHUB_LIMITS.body);
    const written = WAIVER_RECORD.read(body, scope);
    const read = written.status === "ok" ? written.value : undefined;
    expect(read).toEqual(record);
    expect(new Set(read?.waivers.map((w) => w.target)).size).toBe(new Set(record.waivers.map((w) => w.target)).size);
    expect(read?.waivers.at(-1)?.id).toBe("499");
    expect(body).toMatch(/_\d+ earlier waivers are not listed/);
  });
});

describe("template files are held to the limits of inline templates", () => {
  const item = (i: number, text = `item ${i}`) => `- [ ] [item-${i}] (required) ${text}`;

  it.each([
    [
      "300 items",
      ["# Prompt change", ...Array.from({ length: 300 }, (_, i) => item(i))],
      32,
      /at most 30 items; this file has 300, the first extra one on this line/,
    ],
    [
      "an item of 301 characters",
      ["# Prompt change", item(1, "x".repeat(301))],
      2,
      /the item's text is 301 characters; at most 300/,
    ],
    ["a title of 81 characters", [`# ${"T".repeat(81)}`, item(1)], 1, /the title is 81 characters; at most 80/],
  ])("%s: one error with file and line", (_name, lines, line, message) => {
    const { problems } = parseTemplateMarkdown(lines.join("\n"), ".github/squadgate/checklists/prompt.md", []);
    expect(problems).toEqual([
      {
        severity: "error",
        file: ".github/squadgate/checklists/prompt.md",
        line,
        message: expect.stringMatching(message),
      },
    ]);
  });
});

describe("a checklist kept in a comment", () => {
  const state = (kinds: number): ChecklistState => ({
    where: "comment",
    templates: Array.from({ length: kinds }, (_, k) => ({
      kind: `kind-${k}`,
      title: `Kind ${k} change`,
      items: Array.from({ length: 30 }, (_, i) => ({
        id: `item-${i}`,
        text: `${"Checked by hand against the golden set. ".repeat(8)}`.slice(0, 300),
        required: true,
      })),
    })),
    text: "",
    items: new Map(),
    record: {},
    scope: { secret: "s", pullRequest: "acme/bot#7" },
    problems: [],
  });

  it("shortens item texts to fit, and gives up (so nothing too long is written) when even that does not fit", () => {
    const fitted = fittedChecklistText(state(12)) ?? "";
    expect(byteLength(fitted)).toBeLessThanOrEqual(BUDGETS.comment);
    expect(fitted).toContain("<!-- sg:item kind-11/item-29 -->");
    expect(fitted).toContain("…");
    expect(fittedChecklistText(state(2))).not.toContain("…");
    expect(fittedChecklistText(state(80))).toBeUndefined();
  });
});

describe("review requests within GitHub's limit", () => {
  const role = (i: number) => ({ users: [`r${i}-a`, `r${i}-b`], teams: [], alreadyAsked: 0 });

  it("ten missing roles of two: fifteen asked, every role once before any twice, the rest named", () => {
    const plan = planReviewRequests(
      Array.from({ length: 10 }, (_, i) => role(i)),
      0,
      "acme",
    );
    expect(plan.users).toHaveLength(15);
    expect(plan.users.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => `r${i}-a`));
    expect(plan.left).toEqual(["@r5-b", "@r6-b", "@r7-b", "@r8-b", "@r9-b"]);
  });

  it("counts reviews already requested, toward the limit and as a role's first picks; a team before users", () => {
    const plan = planReviewRequests(
      [
        { users: ["x"], teams: [], alreadyAsked: 2 },
        { users: ["y"], teams: ["legal"], alreadyAsked: 0 },
      ],
      13,
      "acme",
    );
    expect(plan).toEqual({ users: ["y"], teams: ["legal"], left: ["@x"] });
    expect(planReviewRequests([role(1)], 15, "acme")).toEqual({ users: [], teams: [], left: ["@r1-a", "@r1-b"] });
  });
});
