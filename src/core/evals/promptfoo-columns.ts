import type { CaseResult, MetricInfo, SuiteResult } from "./model.js";

/** One graded output of promptfoo, the same for both file versions. */
export interface Row {
  column: number;
  testName: string;
  passed: boolean;
  error: boolean;
  score: number;
  latencyMs?: number;
  namedScores: Record<string, number>;
  cost?: number;
  tokens?: number;
  reason?: string;
  output?: string;
}

/**
 * Metrics per prompt column (keys prefixed by the column's name when there are several, and each
 * key's bare name and column recorded, so rules match `pass_rate` in every column): pass rate,
 * passes, failures, errors, mean score, mean of each named score over the rows that have it,
 * tokens, total cost in USD (when any row reports one) and mean latency.
 */
export function summarise(
  rows: Row[],
  names: string[],
  meta: Pick<SuiteResult, "suite" | "source" | "format">,
): SuiteResult | { error: string } {
  if (rows.length === 0) return { error: "the promptfoo file has no results" };
  const metrics: Record<string, number | null> = {};
  const info: Record<string, MetricInfo> = {};
  const cases: Record<string, CaseResult> = {};
  const byColumn = new Map<number, Row[]>();
  for (const row of rows) {
    const list = byColumn.get(row.column);
    if (list) list.push(row);
    else byColumn.set(row.column, [row]);
  }
  const columns = [...byColumn.keys()].sort((a, b) => a - b);
  for (const column of columns) {
    const label = columns.length > 1 ? (names[column] ?? `prompt ${column + 1}`) : undefined;
    const own = byColumn.get(column) ?? [];
    const put = (name: string, value: number, extra: Omit<MetricInfo, "name" | "column"> = {}) => {
      const key = label === undefined ? name : `${label}.${name}`;
      metrics[key] = Number.isFinite(value) ? value : null;
      info[key] = { name, ...(label === undefined ? {} : { column: label }), ...extra };
    };
    const n = own.length;
    const passes = own.filter((r) => r.passed).length;
    const errors = own.filter((r) => !r.passed && r.error).length;
    put("pass_rate", passes / n, { n, paired: "pass", rate: true });
    put("passes", passes, { n, paired: "pass", count: true });
    put("failures", n - passes - errors, { n, paired: "pass", count: true });
    put("errors", errors, { n, count: true });
    put("score", mean(own.map((r) => r.score)), { n, paired: "score" });
    for (const name of [...new Set(own.flatMap((r) => Object.keys(r.namedScores)))].sort()) {
      const values = own.flatMap((r) => (name in r.namedScores ? [r.namedScores[name] as number] : []));
      put(`named.${name}`, mean(values), { n: values.length, paired: `named:${name}` });
    }
    const tokens = own.flatMap((r) => (r.tokens === undefined ? [] : [r.tokens]));
    if (tokens.length) put("tokens.total", sum(tokens), { unit: "tokens" });
    const costs = own.flatMap((r) => (r.cost === undefined ? [] : [r.cost]));
    if (costs.length) put("cost", sum(costs), { unit: "USD" });
    const latencies = own.flatMap((r) => (r.latencyMs === undefined ? [] : [r.latencyMs]));
    if (latencies.length) put("latency.mean_ms", mean(latencies), { n: latencies.length, unit: "ms" });
    Object.assign(cases, casesOf(own, label));
  }
  return { ...meta, metrics, info, cases };
}

/** Each row as a case, named by its test (numbered when a name repeats) and prefixed by its column. */
function casesOf(rows: Row[], label: string | undefined): Record<string, CaseResult> {
  const cases: Record<string, CaseResult> = {};
  const seen = new Map<string, number>();
  for (const row of rows) {
    const n = (seen.get(row.testName) ?? 0) + 1;
    seen.set(row.testName, n);
    const named = Object.keys(row.namedScores).length ? { named: row.namedScores } : {};
    cases[`${label === undefined ? "" : `${label}.`}${row.testName}${n > 1 ? ` #${n}` : ""}`] = {
      passed: row.passed,
      score: row.score,
      ...named,
      ...(label === undefined ? {} : { column: label }),
      ...(row.reason ? { reason: row.reason } : {}),
      ...(row.output ? { output: row.output } : {}),
    };
  }
  return cases;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const mean = (values: number[]) => (values.length ? sum(values) / values.length : Number.NaN);
