/**
 * promptfoo v3 results (`promptfoo eval -o results.json`) in the shape of fixtures/evals, built for
 * a test: several prompt × provider columns, each case passing or not, with a score, named scores,
 * a grader's reason and an output. Deterministic: the same arguments give the same file.
 */
export interface GeneratedCase {
  description: string;
  success: boolean;
  score?: number;
  named?: Record<string, number>;
  reason?: string;
  output?: string;
  latencyMs?: number;
  cost?: number;
}

export interface GeneratedColumn {
  label: string;
  provider: string;
  cases: GeneratedCase[];
}

export function promptfooV3(columns: GeneratedColumn[]): string {
  const results = columns.flatMap((column, promptIdx) =>
    column.cases.map((c, testIdx) => ({
      promptIdx,
      testIdx,
      testCase: { description: c.description, vars: { question: c.description } },
      success: c.success,
      score: c.score ?? (c.success ? 1 : 0),
      namedScores: c.named ?? {},
      latencyMs: c.latencyMs ?? 1000,
      cost: c.cost ?? 0.0001,
      gradingResult: {
        pass: c.success,
        score: c.score ?? (c.success ? 1 : 0),
        reason: c.reason ?? (c.success ? "All assertions passed" : "Assertion failed"),
      },
      response: {
        output: c.output ?? `answer to ${c.description}`,
        tokenUsage: { total: 100, prompt: 80, completion: 20 },
      },
      provider: { id: column.provider },
      failureReason: c.success ? 0 : 1,
    })),
  );
  return JSON.stringify({
    evalId: "eval-test",
    results: {
      version: 3,
      timestamp: "2026-11-22T10:00:00.000Z",
      prompts: columns.map((c) => ({ label: c.label, provider: c.provider, raw: c.label })),
      results,
    },
    config: {},
  });
}

/** `total` cases named `case 1`…, the first `failing` of them failing. */
export const cases = (
  total: number,
  failing: number,
  extra: (i: number) => Partial<GeneratedCase> = () => ({}),
): GeneratedCase[] =>
  Array.from({ length: total }, (_, i) => ({ description: `case ${i + 1}`, success: i >= failing, ...extra(i) }));
