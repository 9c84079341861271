import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LICENCE_CLASSES } from "../../src/config/licences-schema.js";
import type { GateDecision } from "../../src/core/gate/decide.js";
import type { LicenceRow } from "../../src/core/policies/licences/evaluate.js";
import type { SensitiveFinding } from "../../src/core/policies/sensitive-data/scan.js";
import type { DataPolicies } from "../../src/core/pull/data-policies.js";
import { BUDGETS, byteLength, GITHUB_LIMITS } from "../../src/core/render/budget.js";
import { renderCheckOutput } from "../../src/core/render/check-summary.js";
import { markers, markupProblems, mentions } from "../helpers/markdown-safety.js";

/**
 * Whatever a card or a dataset line holds (licence ids, base models, dataset names, paths, and the
 * few characters of a masked value), the check's licence and sensitive-data sections mention nobody,
 * leave no markup open, carry no marker, and keep within the summary's budget.
 */
const HOSTILE = [
  "@dora",
  "@acme/legal",
  "`",
  "```",
  "<!--",
  "-->",
  "<!-- sg:item licence/x -->",
  "<details>",
  "|",
  "\n",
  "\u202E",
  "#12",
  "**",
  "[x](https://evil.example)",
  "- ",
  "&amp;",
  "👩‍👩‍👧",
];
const text = (max = 40) =>
  fc
    .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 10 })), { maxLength: Math.ceil(max / 6) })
    .map((parts) => parts.join(""));

const row: fc.Arbitrary<LicenceRow> = fc.record({
  source: text(),
  line: fc.integer({ min: 1, max: 400 }),
  state: fc.constantFrom("stated" as const, "missing" as const, "unread" as const),
  ids: fc.array(text(20), { maxLength: 3 }),
  classes: fc.array(fc.constantFrom(...LICENCE_CLASSES), { maxLength: 3 }),
  isNew: fc.boolean(),
  baseModels: fc.array(text(), { maxLength: 3 }),
  datasets: fc.array(text(), { maxLength: 3 }),
  files: fc.array(text(), { maxLength: 4 }),
  reasons: fc.array(text(), { maxLength: 3 }),
});
const finding: fc.Arbitrary<SensitiveFinding> = fc.record({
  path: text(),
  line: fc.integer({ min: 1, max: 1e6 }),
  kind: fc.constantFrom("email" as const, "secret" as const, "iban" as const),
  label: text(20),
  masked: text(12),
});

function decision(found: DataPolicies): GateDecision {
  return {
    conclusion: "action_required",
    title: "Waiting for @legal",
    mode: "enforce",
    assets: [],
    requirements: [],
    unowned: [],
    reviewRequests: { users: [], teams: [] },
    problems: [],
    filesComplete: true,
    waivers: [],
    dataPolicies: found,
  };
}

const policies = (
  rows: LicenceRow[],
  findings: SensitiveFinding[],
  unscanned: { path: string; reason: string }[] = [],
): DataPolicies => ({
  licences: { role: "legal", rows, unread: 0 },
  sensitive: {
    role: "privacy",
    unscannedNeedsReview: true,
    findings,
    moreFindings: 3,
    candidates: [],
    scanned: { files: 2, bytes: 2048 },
    unscanned,
    secrets: [],
    all: findings,
    annotations: 100,
  },
});

describe("the data policies' sections of the check", () => {
  it("stay safe whatever the cards and datasets hold", () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 6 }),
        fc.array(finding, { maxLength: 6 }),
        text(),
        (rows, findings, path) => {
          const output = renderCheckOutput(decision(policies(rows, findings, [{ path, reason: "binary" }])), null);
          expect(mentions(output.summary)).toEqual([]);
          expect(markupProblems(output.summary)).toEqual([]);
          const forged: string[] = [];
          expect(markers(output.summary, forged)).toEqual([]);
          expect(forged).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("thousands of licences and findings fit the summary's budget, saying how many are left out", () => {
    const rows = Array.from(
      { length: 3000 },
      (_, i): LicenceRow => ({
        source: `models/m${i}/${"deep/".repeat(40)}README.md`,
        line: 2,
        state: "stated",
        ids: ["cc-by-nc-4.0"],
        classes: ["non-commercial"],
        isNew: true,
        baseModels: ["org/base"],
        datasets: [],
        files: [`models/m${i}/README.md`],
        reasons: ["non-commercial is not an allowed class"],
      }),
    );
    const findings = Array.from(
      { length: 1000 },
      (_, i): SensitiveFinding => ({
        path: `datasets/d${i % 40}.jsonl`,
        line: i + 1,
        kind: "email",
        label: "email address",
        masked: "ab…yz (20 characters)",
      }),
    );
    const output = renderCheckOutput(decision(policies(rows, findings)), null);
    expect(byteLength(output.summary)).toBeLessThanOrEqual(BUDGETS.checkSummary);
    expect(output.summary).toMatch(/… and \d+ more licences not shown\./);
    expect(output.summary).toMatch(/- … and \d+ more not shown\./);
    // At most one request of licence annotations, then the findings up to the configured number.
    expect(output.annotations?.length).toBe(50 + 100);
    expect(
      output.annotations?.every((a) => a.title.length <= 255 && a.message.length < GITHUB_LIMITS.checkOutput),
    ).toBe(true);
  });
});
