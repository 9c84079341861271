import type { MetricInfo, SuiteResult } from "./model.js";

/**
 * lm-evaluation-harness's results JSON (`lm_eval --output_path`, `results_<date>.json`; also the
 * older `{results, versions}` files). Per task (and group), each `metric,filter` key is a metric in
 * the column named after the task (and its filter, unless `none`); `metric_stderr,filter` is its
 * standard error, `n-samples` (or `sample_len`, `sample_count`) its n, `higher_is_better` its
 * direction. Per-document samples live in separate `.jsonl` files, so changes are tested on the
 * standard errors, not on paired cases.
 */
type Doc = Record<string, unknown>;

const NOT_METRICS = new Set(["alias", "name", "sample_len", "sample_count", "samples", "n-shot"]);
/** Metrics that are proportions of cases, so they get a confidence interval. */
const RATE = /^(acc|acc_norm|exact_match|em|mc1|mc2|pass@\d+|.*_acc|.*accuracy.*)$/;
const MAX_TASKS = 2_000;

export function isLmEval(doc: unknown): boolean {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return false;
  const d = doc as Doc;
  const results = d["results"];
  return (
    isObject(results) &&
    ("versions" in d || "n-samples" in d || "higher_is_better" in d || "group_subtasks" in d) &&
    Object.values(results).every(isObject)
  );
}

export function parseLmEval(doc: unknown, suite: string, source: string): SuiteResult | { error: string } {
  const d = doc as Doc;
  const tasks: [string, Doc][] = [
    ...entries(d["results"]),
    ...entries(d["groups"]).filter(([name]) => !isObject((d["results"] as Doc)[name])),
  ];
  if (tasks.length === 0) return { error: "the lm-evaluation-harness file has no task results" };
  if (tasks.length > MAX_TASKS) return { error: `more than ${MAX_TASKS} tasks` };
  const metrics: Record<string, number | null> = {};
  const info: Record<string, MetricInfo> = {};
  for (const [task, values] of tasks) {
    const n = sampleCount(d, task, values);
    const better = (isObject(d["higher_is_better"]) ? (d["higher_is_better"] as Doc)[task] : undefined) as
      | Doc
      | undefined;
    for (const [key, value] of Object.entries(values)) {
      // Keys without a filter (older files) count only when numeric: they may be anything else.
      if (NOT_METRICS.has(key) || (!key.includes(",") && typeof value !== "number")) continue;
      const [metric = key, filter = "none"] = key.split(",");
      if (metric.endsWith("_stderr")) continue;
      const column = filter === "none" ? task : `${task} [${filter}]`;
      const number = typeof value === "number" && Number.isFinite(value) ? value : null;
      const stderr = values[`${metric}_stderr${key.includes(",") ? `,${filter}` : ""}`];
      const count =
        typeof values["sample_count"] === "object"
          ? ((values["sample_count"] as Doc)[key] as number | undefined)
          : undefined;
      const direction =
        isObject(better) && typeof better[metric] === "boolean" ? (better[metric] ? "higher" : "lower") : undefined;
      const size = typeof count === "number" ? count : n;
      metrics[`${column}.${metric}`] = number;
      info[`${column}.${metric}`] = {
        name: metric,
        column,
        ...(size !== undefined ? { n: size } : {}),
        ...(typeof stderr === "number" && Number.isFinite(stderr) ? { stderr } : {}),
        ...(direction ? { direction } : {}),
        ...(RATE.test(metric) && (number === null || (number >= 0 && number <= 1)) ? { rate: true } : {}),
      };
    }
  }
  if (Object.keys(metrics).length === 0) return { error: "the lm-evaluation-harness file has no metric values" };
  return { suite, source, format: "lm-eval", metrics, info };
}

/** Documents evaluated: `n-samples.effective` (after `--limit`), else the task's own count. */
function sampleCount(d: Doc, task: string, values: Doc): number | undefined {
  const counts = isObject(d["n-samples"]) ? (d["n-samples"] as Doc)[task] : undefined;
  const effective = isObject(counts) ? (counts as Doc)["effective"] : undefined;
  if (typeof effective === "number") return effective;
  return typeof values["sample_len"] === "number" ? values["sample_len"] : undefined;
}

const isObject = (v: unknown): v is Doc => v !== null && typeof v === "object" && !Array.isArray(v);
const entries = (v: unknown): [string, Doc][] =>
  isObject(v) ? Object.entries(v).filter((e): e is [string, Doc] => isObject(e[1])) : [];
