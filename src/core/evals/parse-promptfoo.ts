import * as z from "zod";
import type { SuiteResult } from "./model.js";

/**
 * promptfoo's `promptfoo eval -o results.json`. Only the fields Squadgate reads are checked; the
 * rest of the file (config, outputs, metadata) may be anything. v3 files carry `results.prompts`
 * and `results.results` with `promptIdx`; v2 files carry `results.table` with one output per
 * prompt column in each row.
 */
const tokenUsage = z.looseObject({ total: z.number().optional(), prompt: z.number().optional(), completion: z.number().optional() });

const v3Row = z.looseObject({
  promptIdx: z.number().int().nonnegative(),
  testIdx: z.number().int().nonnegative().optional(),
  description: z.string().optional(),
  testCase: z.looseObject({ description: z.string().optional(), vars: z.record(z.string(), z.unknown()).optional() }).optional(),
  success: z.boolean(),
  score: z.number(),
  latencyMs: z.number().optional(),
  namedScores: z.record(z.string(), z.number()).optional(),
  cost: z.number().optional(),
  failureReason: z.number().optional(),
  response: z.looseObject({ tokenUsage: tokenUsage.optional() }).nullish(),
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
  latencyMs: z.number().optional(),
  namedScores: z.record(z.string(), z.number()).optional(),
  cost: z.number().optional(),
  tokenUsage: tokenUsage.optional(),
});

const v2 = z.looseObject({
  table: z.looseObject({
    head: z.looseObject({ prompts: z.array(z.union([column, z.string()])) }),
    body: z.array(z.looseObject({ description: z.string().optional(), vars: z.array(z.unknown()).optional(), outputs: z.array(v2Output) })),
  }),
});

/** One graded output, the same for both versions. */
interface Row {
  column: number;
  testName: string;
  passed: boolean;
  error: boolean;
  score: number;
  latencyMs?: number;
  namedScores: Record<string, number>;
  cost?: number;
  tokens?: number;
}

export function isPromptfoo(doc: unknown): boolean {
  const results = (doc as { results?: unknown } | null)?.results;
  return typeof results === "object" && results !== null && ("prompts" in results || "table" in results);
}

export function parsePromptfoo(doc: unknown, suite: string, source: string): SuiteResult | { error: string } {
  const results = (doc as { results: unknown }).results;
  const asV3 = v3.safeParse(results);
  if (asV3.success) {
    const names = asV3.data.prompts.map(columnName);
    const rows = asV3.data.results.map((r): Row => ({
      column: r.promptIdx,
      testName: r.testCase?.description ?? r.description ?? `test ${(r.testIdx ?? 0) + 1}`,
      passed: r.success,
      error: r.failureReason === 2,
      score: r.score,
      namedScores: r.namedScores ?? {},
      ...optional({ latencyMs: r.latencyMs, cost: r.cost, tokens: tokensOf(r.response?.tokenUsage) }),
    }));
    return summarise(rows, names, { suite, source, format: "promptfoo-v3" });
  }
  const asV2 = v2.safeParse(results);
  if (asV2.success) {
    const names = asV2.data.table.head.prompts.map((p) => (typeof p === "string" ? p : columnName(p)));
    const rows = asV2.data.table.body.flatMap((row, i) =>
      row.outputs.map((o, column): Row => ({
        column,
        testName: row.description ?? `test ${i + 1}`,
        passed: o.pass,
        error: false,
        score: o.score,
        namedScores: o.namedScores ?? {},
        ...optional({ latencyMs: o.latencyMs, cost: o.cost, tokens: tokensOf(o.tokenUsage) }),
      })),
    );
    return summarise(rows, names, { suite, source, format: "promptfoo-v2" });
  }
  const issue = asV3.error.issues[0] ?? asV2.error.issues[0];
  return { error: `looks like promptfoo output but ${issue ? `results.${issue.path.join(".")}: ${issue.message}` : "has neither results.prompts nor results.table"}` };
}

/**
 * Metrics per prompt column (prefixed by the column's name when there are several): pass rate,
 * passes, failures, errors, mean score, mean of each named score over the rows that have it,
 * tokens, total cost (when any row reports one) and mean latency.
 */
function summarise(rows: Row[], names: string[], meta: Pick<SuiteResult, "suite" | "source" | "format">): SuiteResult | { error: string } {
  if (rows.length === 0) return { error: "the promptfoo file has no results" };
  const metrics: Record<string, number | null> = {};
  const cases: Record<string, boolean> = {};
  const columns = [...new Set(rows.map((r) => r.column))].sort((a, b) => a - b);
  for (const column of columns) {
    const prefix = columns.length > 1 ? `${names[column] ?? `prompt ${column + 1}`}.` : "";
    const own = rows.filter((r) => r.column === column);
    const passes = own.filter((r) => r.passed).length;
    const errors = own.filter((r) => !r.passed && r.error).length;
    metrics[`${prefix}pass_rate`] = passes / own.length;
    metrics[`${prefix}passes`] = passes;
    metrics[`${prefix}failures`] = own.length - passes - errors;
    metrics[`${prefix}errors`] = errors;
    metrics[`${prefix}score`] = mean(own.map((r) => r.score));
    for (const name of [...new Set(own.flatMap((r) => Object.keys(r.namedScores)))].sort()) {
      metrics[`${prefix}named.${name}`] = mean(own.flatMap((r) => (name in r.namedScores ? [r.namedScores[name] as number] : [])));
    }
    const tokens = own.flatMap((r) => (r.tokens === undefined ? [] : [r.tokens]));
    if (tokens.length) metrics[`${prefix}tokens.total`] = sum(tokens);
    const costs = own.flatMap((r) => (r.cost === undefined ? [] : [r.cost]));
    if (costs.length) metrics[`${prefix}cost`] = sum(costs);
    const latencies = own.flatMap((r) => (r.latencyMs === undefined ? [] : [r.latencyMs]));
    if (latencies.length) metrics[`${prefix}latency.mean_ms`] = mean(latencies);
    const seen = new Map<string, number>();
    for (const row of own) {
      const n = (seen.get(row.testName) ?? 0) + 1;
      seen.set(row.testName, n);
      cases[`${prefix}${row.testName}${n > 1 ? ` #${n}` : ""}`] = row.passed;
    }
  }
  for (const [key, value] of Object.entries(metrics)) if (value !== null && !Number.isFinite(value)) metrics[key] = null;
  return { ...meta, metrics, cases };
}

const columnName = (c: { label?: string | undefined; provider?: string | undefined }) => [c.label, c.provider].filter(Boolean).join(" @ ") || "prompt";
const tokensOf = (usage: { total?: number | undefined; prompt?: number | undefined; completion?: number | undefined } | undefined) =>
  usage === undefined ? undefined : (usage.total ?? (usage.prompt !== undefined || usage.completion !== undefined ? (usage.prompt ?? 0) + (usage.completion ?? 0) : undefined));
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const mean = (values: number[]) => (values.length ? sum(values) / values.length : Number.NaN);
const optional = <T extends Record<string, number | undefined>>(values: T) =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: number };
