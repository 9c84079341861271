/** One suite's results in a common shape, whatever file they came from. */
export interface SuiteResult {
  suite: string;
  /** Dotted metric key -> value; null when the file has the key but no usable number (NaN, a string). */
  metrics: Record<string, number | null>;
  /** Test case -> passed, for suites that report cases (promptfoo). */
  cases?: Record<string, boolean>;
  format: "promptfoo-v3" | "promptfoo-v2" | "metrics";
  /** Where the results came from, for messages (file name, artifact entry). */
  source: string;
}
