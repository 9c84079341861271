import * as z from "zod";
import { excerpt, type SuiteResult } from "./model.js";
import { summarise, type Row } from "./promptfoo-columns.js";

/**
 * promptfoo's `promptfoo eval -o results.json`. Only the fields Squadgate reads are checked; the
 * rest of the file (config, outputs, metadata) may be anything. v3 files carry `results.prompts`
 * and `results.results` with `promptIdx`; v2 files carry `results.table` with one output per
 * prompt column in each row.
 */
const tokenUsage = z.looseObject({
  total: z.number().optional(),
  prompt: z.number().optional(),
  completion: z.number().optional(),
});

const grading = z.looseObject({
  reason: z.string().optional(),
  componentResults: z
    .array(z.looseObject({ pass: z.boolean().optional(), reason: z.string().optional() }).nullish())
    .nullish(),
});

const v3Row = z.looseObject({
  promptIdx: z.number().int().nonnegative(),
  testIdx: z.number().int().nonnegative().optional(),
  description: z.string().optional(),
  testCase: z
    .looseObject({ description: z.string().optional(), vars: z.record(z.string(), z.unknown()).optional() })
    .optional(),
  success: z.boolean(),
  score: z.number(),
  latencyMs: z.number().optional(),
  namedScores: z.record(z.string(), z.number()).optional(),
  cost: z.number().optional(),
  failureReason: z.number().optional(),
  error: z.string().nullish(),
  gradingResult: grading.nullish(),
  response: z.looseObject({ output: z.unknown().optional(), tokenUsage: tokenUsage.optional() }).nullish(),
});

const column = z.looseObject({ label: z.string().optional(), provider: z.string().optional() });

const v3 = z.looseObject({
  version: z.literal(3),
  prompts: z.array(column),
  results: z.array(v3Row),
});

const v2Output = z.looseObject({
  pass: z.boolean(),
  score: z.number(),
  text: z.unknown().optional(),
  latencyMs: z.number().optional(),
  namedScores: z.record(z.string(), z.number()).optional(),
  cost: z.number().optional(),
  tokenUsage: tokenUsage.optional(),
  gradingResult: grading.nullish(),
});

const v2 = z.looseObject({
  table: z.looseObject({
    head: z.looseObject({ prompts: z.array(z.union([column, z.string()])) }),
    body: z.array(
      z.looseObject({
        description: z.string().optional(),
        vars: z.array(z.unknown()).optional(),
        outputs: z.array(v2Output),
      }),
    ),
  }),
});

export function isPromptfoo(doc: unknown): boolean {
  const results = (doc as { results?: unknown } | null)?.results;
  return typeof results === "object" && results !== null && ("prompts" in results || "table" in results);
}

export function parsePromptfoo(doc: unknown, suite: string, source: string): SuiteResult | { error: string } {
  const results = (doc as { results: unknown }).results;
  const asV3 = v3.safeParse(results);
  if (asV3.success) {
    const names = asV3.data.prompts.map(columnName);
    const rows = asV3.data.results.map(
      (r): Row => ({
        column: r.promptIdx,
        testName: r.testCase?.description ?? r.description ?? `test ${(r.testIdx ?? 0) + 1}`,
        passed: r.success,
        error: r.failureReason === 2,
        score: r.score,
        namedScores: r.namedScores ?? {},
        ...optional({ latencyMs: r.latencyMs, cost: r.cost, tokens: tokensOf(r.response?.tokenUsage) }),
        ...texts(r.gradingResult, r.success, r.error ?? undefined, r.response?.output),
      }),
    );
    return summarise(rows, names, { suite, source, format: "promptfoo-v3" });
  }
  const asV2 = v2.safeParse(results);
  if (asV2.success) {
    const names = asV2.data.table.head.prompts.map((p) => (typeof p === "string" ? p : columnName(p)));
    const rows = asV2.data.table.body.flatMap((row, i) =>
      row.outputs.map(
        (o, column): Row => ({
          column,
          testName: row.description ?? `test ${i + 1}`,
          passed: o.pass,
          error: false,
          score: o.score,
          namedScores: o.namedScores ?? {},
          ...optional({ latencyMs: o.latencyMs, cost: o.cost, tokens: tokensOf(o.tokenUsage) }),
          // The v2 table puts the failure reason before a failed output, split by a line of "---".
          ...texts(
            o.gradingResult,
            o.pass,
            undefined,
            typeof o.text === "string" && !o.pass ? o.text.replace(/^[\s\S]*?\n---\n/, "") : o.text,
          ),
        }),
      ),
    );
    return summarise(rows, names, { suite, source, format: "promptfoo-v2" });
  }
  const issue = asV3.error.issues[0] ?? asV2.error.issues[0];
  return {
    error: `looks like promptfoo output but ${issue ? `results.${issue.path.join(".")}: ${issue.message}` : "has neither results.prompts nor results.table"}`,
  };
}

/** Why a case failed: the failing assertions' reasons (the overall one is often a summary), or the error. */
function texts(
  graded: z.output<typeof grading> | null | undefined,
  passed: boolean,
  error: string | undefined,
  output: unknown,
) {
  const failing = passed
    ? []
    : (graded?.componentResults ?? []).flatMap((c) => (c && c.pass === false && c.reason ? [c.reason] : []));
  const reason = excerpt(failing.length ? failing.join("; ") : (graded?.reason ?? error));
  const said = excerpt(
    typeof output === "string" ? output : output === undefined || output === null ? undefined : JSON.stringify(output),
  );
  return { ...(reason ? { reason } : {}), ...(said ? { output: said } : {}) };
}

const columnName = (c: { label?: string | undefined; provider?: string | undefined }) =>
  [c.label, c.provider].filter(Boolean).join(" @ ") || "prompt";
const tokensOf = (
  usage: { total?: number | undefined; prompt?: number | undefined; completion?: number | undefined } | undefined,
) =>
  usage === undefined
    ? undefined
    : (usage.total ??
      (usage.prompt !== undefined || usage.completion !== undefined
        ? (usage.prompt ?? 0) + (usage.completion ?? 0)
        : undefined));
const optional = <T extends Record<string, number | undefined>>(values: T) =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: number };
