import { excerpt, type CaseResult, type MetricInfo, type SuiteResult } from "./model.js";

/**
 * An inspect_ai eval log in JSON (`--log-format json`, or `inspect log convert --to json`): the
 * scores of `results.scores` (one column per scorer, `stderr` taken as the standard error of the
 * scorer's other metrics) and each sample's score, grader explanation and output as cases, so
 * `accuracy` is tested on the flips and `mean` on the paired per-sample values.
 */
type Doc = Record<string, unknown>;

const MAX_SAMPLES = 100_000;
/** inspect's letter grades, as its `value_to_float` reads them. */
const GRADES: Record<string, number> = { C: 1, I: 0, P: 0.5, N: 0 };

export function isInspectLog(doc: unknown): boolean {
  if (!isObject(doc)) return false;
  return (
    typeof doc["version"] === "number" &&
    isObject(doc["eval"]) &&
    typeof (doc["eval"] as Doc)["task"] === "string" &&
    "status" in doc
  );
}

export function parseInspect(doc: unknown, suite: string, source: string): SuiteResult | { error: string } {
  const d = doc as Doc;
  const results = isObject(d["results"]) ? d["results"] : undefined;
  // A cancelled or failed eval counts only if it scored every sample first: partial results would compare a different set.
  if (
    d["status"] !== "success" &&
    !(typeof results?.["total_samples"] === "number" && results["completed_samples"] === results["total_samples"])
  ) {
    return {
      error: `the inspect log's status is ${JSON.stringify(d["status"])} and not every sample was scored, so there are no complete results to compare`,
    };
  }
  const scores = Array.isArray(results?.["scores"]) ? (results["scores"] as unknown[]).filter(isObject) : [];
  if (scores.length === 0) return { error: "the inspect log has no results.scores" };
  const n =
    typeof results?.["completed_samples"] === "number"
      ? results["completed_samples"]
      : typeof results?.["total_samples"] === "number"
        ? results["total_samples"]
        : undefined;
  const metrics: Record<string, number | null> = {};
  const info: Record<string, MetricInfo> = {};
  const names = scores.map((s) => String(s["name"] ?? s["scorer"] ?? "score"));
  scores.forEach((score, i) => {
    const name = names[i] as string;
    const column =
      names.indexOf(name) !== i && typeof score["reducer"] === "string" ? `${name}/${score["reducer"]}` : name;
    const values = isObject(score["metrics"]) ? score["metrics"] : {};
    const stderr = numberIn(values["stderr"]);
    const scored = typeof score["scored_samples"] === "number" ? score["scored_samples"] : n;
    for (const [metric, entry] of Object.entries(values)) {
      if (metric === "stderr") continue;
      const value = numberIn(entry);
      metrics[`${column}.${metric}`] = value ?? null;
      const rate = metric === "accuracy" && value !== undefined && value >= 0 && value <= 1;
      info[`${column}.${metric}`] = {
        name: metric,
        column,
        ...(scored !== undefined ? { n: scored } : {}),
        ...(stderr !== undefined ? { stderr } : {}),
        ...(rate ? { rate: true, paired: "pass" as const } : metric === "mean" ? { paired: "score" as const } : {}),
        ...(metric === "accuracy" || metric === "mean" ? { direction: "higher" as const } : {}),
      };
    }
  });
  const samples = Array.isArray(d["samples"]) ? (d["samples"] as unknown[]).filter(isObject) : [];
  if (samples.length > MAX_SAMPLES) return { error: `more than ${MAX_SAMPLES} samples` };
  const cases = casesOf(samples, scores.length > 1 ? names : undefined);
  return { suite, source, format: "inspect", metrics, info, ...(Object.keys(cases).length ? { cases } : {}) };
}

/** Each sample's grade per scorer: passed when fully correct (C, 1, true), with its score, explanation and output. */
function casesOf(samples: Doc[], columns: string[] | undefined): Record<string, CaseResult> {
  const cases: Record<string, CaseResult> = {};
  for (const sample of samples) {
    const grades = isObject(sample["scores"]) ? sample["scores"] : {};
    const epoch = typeof sample["epoch"] === "number" && sample["epoch"] > 1 ? ` (epoch ${sample["epoch"]})` : "";
    const output = excerpt(outputOf(sample["output"]));
    for (const [scorer, grade] of Object.entries(grades)) {
      if (!isObject(grade)) continue;
      const score = toFloat(grade["value"]);
      if (score === undefined || (columns && !columns.includes(scorer))) continue;
      const reason = excerpt(grade["explanation"]);
      cases[`${columns ? `${scorer}.` : ""}sample ${String(sample["id"])}${epoch}`] = {
        passed: score >= 1,
        score,
        column: scorer,
        ...(reason ? { reason } : {}),
        ...(output ? { output } : {}),
      };
    }
  }
  return cases;
}

/** The model's answer: `completion` when the log has it, else the first choice's text. */
function outputOf(output: unknown): string | undefined {
  if (!isObject(output)) return undefined;
  if (typeof output["completion"] === "string" && output["completion"] !== "") return output["completion"];
  const choice = Array.isArray(output["choices"]) ? output["choices"][0] : undefined;
  const content = isObject(choice) && isObject(choice["message"]) ? choice["message"]["content"] : undefined;
  if (typeof content === "string") return content;
  if (Array.isArray(content))
    return content
      .flatMap((part) => (isObject(part) && typeof part["text"] === "string" ? [part["text"]] : []))
      .join(" ");
  return undefined;
}

const toFloat = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value)
    ? value
    : typeof value === "boolean"
      ? Number(value)
      : typeof value === "string"
        ? GRADES[value]
        : undefined;
const numberIn = (entry: unknown): number | undefined => {
  const value = isObject(entry) ? entry["value"] : undefined;
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
};
const isObject = (v: unknown): v is Doc => v !== null && typeof v === "object" && !Array.isArray(v);
