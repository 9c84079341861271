export type Direction = "higher" | "lower";

export type ResultFormat = "promptfoo-v3" | "promptfoo-v2" | "metrics" | "lm-eval" | "inspect";

/** One graded test case (a promptfoo row, an inspect sample). */
export interface CaseResult {
  passed: boolean;
  /** The column (prompt × provider, scorer) the case belongs to, when the format has several. */
  column?: string;
  /** The grader's score for the case. */
  score?: number;
  /** Named scores of the case (promptfoo `namedScores`), for paired tests of `named.*`. */
  named?: Record<string, number>;
  /** Why the grader decided so (promptfoo `gradingResult.reason`, inspect `explanation`), cut short. */
  reason?: string;
  /** The start of what the model answered, cut short. */
  output?: string;
}

/** What a format says about one metric beyond its value. */
export interface MetricInfo {
  /** The metric's own name, without its column: rules match it whatever the column. */
  name: string;
  /** The prompt × provider (promptfoo), task (lm-eval) or scorer (inspect) the value belongs to. */
  column?: string;
  /** Cases behind the value. */
  n?: number;
  /** Standard error the format reports. */
  stderr?: number;
  /**
   * How to test a change of this metric on the cases: "pass" for pass/fail counts and rates (McNemar
   * on the flips), "score" or "named:<name>" for means of per-case scores (a paired t-test).
   */
  paired?: "pass" | "score" | `named:${string}`;
  /** A proportion of `n` cases, shown with its confidence interval. */
  rate?: boolean;
  /** A count of cases (passes, failures): never charted as if it were a rate. */
  count?: boolean;
  /** Which way is better, when the format itself says (lm-eval's `higher_is_better`). */
  direction?: Direction;
  unit?: string;
}

/** One suite's results in a common shape, whatever file they came from. */
export interface SuiteResult {
  suite: string;
  /** Metric key -> value; null when the file has the key but no usable number (NaN, a string). */
  metrics: Record<string, number | null>;
  /** Per metric key, what the format says beyond the value; keys without it are plain numbers. */
  info?: Record<string, MetricInfo>;
  /** Test case -> its result, for formats that report cases (promptfoo, inspect). */
  cases?: Record<string, CaseResult>;
  format: ResultFormat;
  /** Where the results came from, for messages (file name, artifact entry). */
  source: string;
}

/** Grader reasons and output excerpts are kept this short: enough to explain a flip, not a transcript. */
export const EXCERPT_CHARS = 240;

/** The start of a long text, on one line. */
export function excerpt(text: unknown): string | undefined {
  if (typeof text !== "string") return undefined;
  const line = text.replace(/\s+/g, " ").trim();
  if (line === "") return undefined;
  return line.length > EXCERPT_CHARS
    ? `${[...line.slice(0, EXCERPT_CHARS + 2)].slice(0, EXCERPT_CHARS - 1).join("")}…`
    : line;
}
