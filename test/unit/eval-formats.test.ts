import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffEvals, type MetricDiff } from "../../src/core/evals/diff.js";
import { parseResultFile } from "../../src/core/evals/parse-results.js";
import { ArtifactError, readZipTextFiles } from "../../src/core/evals/read-zip.js";
import { makeZip } from "../helpers/zip.js";
import { compileRules } from "../../src/core/evals/rules.js";
import { renderEvalComment } from "../../src/core/render/eval-comment.js";

/** Real outputs of lm-evaluation-harness and inspect_ai, trimmed (fixtures/evals/README.md says from where). */
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/evals/${name}`, import.meta.url), "utf8");
const parsed = (name: string, text = fixture(name)) => {
  const result = parseResultFile(name, text);
  if (!result.ok) throw new Error(result.error);
  return result.result;
};
/** A real file with some of its values changed, as the next run of the same eval would report them. */
const edited = (name: string, edit: (doc: any) => void) => {
  const doc = JSON.parse(fixture(name));
  edit(doc);
  return JSON.stringify(doc);
};
const metricOf = (diff: ReturnType<typeof diffEvals>, key: string) =>
  diff.suites.flatMap((s) => s.metrics).find((m) => m.metric === key) as MetricDiff;

describe("lm-evaluation-harness results", () => {
  it("a task's metrics with their standard error, n from n-samples and direction from higher_is_better", () => {
    const result = parsed("lm-eval-mmlu.json");
    expect(result).toMatchObject({
      format: "lm-eval",
      suite: "lm-eval-mmlu",
      metrics: { "mmlu_abstract_algebra.acc": 0.34 },
    });
    expect(result.info?.["mmlu_abstract_algebra.acc"]).toEqual({
      name: "acc",
      column: "mmlu_abstract_algebra",
      n: 100,
      stderr: 0.047609522856952344,
      direction: "higher",
      rate: true,
    });
  });

  it("groups next to their tasks; a stderr of N/A is no stderr; a group's sample_count is its n", () => {
    const result = parsed("lm-eval-groups.json");
    expect(Object.keys(result.metrics)).toEqual([
      "arc_challenge.acc",
      "arc_challenge.acc_norm",
      "arc_easy.acc",
      "arc_easy.acc_norm",
      "regression_arc.acc",
      "regression_arc.acc_norm",
    ]);
    expect(result.info?.["regression_arc.acc"]).toEqual({
      name: "acc",
      column: "regression_arc",
      n: 20,
      direction: "higher",
      rate: true,
    });
    expect(result.info?.["arc_easy.acc_norm"]).toMatchObject({ n: 10 });
  });

  it("the older results format (no filters, no n-samples)", () => {
    const result = parsed("lm-eval-v0.json");
    expect(result.metrics).toEqual({ "arc_easy.acc": 0.2474747474747475, "arc_easy.acc_norm": 0.24074074074074073 });
    expect(result.info?.["arc_easy.acc"]).toMatchObject({ stderr: 0.008855114414834707 });
  });

  it("filters become columns, and a rule on exact_match gates both (or one, with column)", () => {
    const gsm8k = (strict: number, flexible: number) =>
      JSON.stringify({
        results: {
          gsm8k: {
            alias: "gsm8k",
            "exact_match,strict-match": strict,
            "exact_match_stderr,strict-match": 0.011,
            "exact_match,flexible-extract": flexible,
            "exact_match_stderr,flexible-extract": 0.011,
          },
        },
        "n-samples": { gsm8k: { original: 1319, effective: 1319 } },
        higher_is_better: { gsm8k: { exact_match: true } },
        versions: { gsm8k: 3 },
      });
    const base = parsed("gsm8k.json", gsm8k(0.52, 0.55));
    expect(base.info?.["gsm8k [strict-match].exact_match"]).toMatchObject({
      column: "gsm8k [strict-match]",
      n: 1319,
      stderr: 0.011,
    });
    const rules = compileRules([
      { match: "exact_match", column: "*strict*", direction: "higher", gating: true, max_drop: 0.01 },
    ]);
    const diff = diffEvals([base], [parsed("gsm8k.json", gsm8k(0.45, 0.45))], rules);
    expect(diff.regressions.map((m) => m.metric)).toEqual(["gsm8k [strict-match].exact_match"]);
  });

  it("a change is tested on the reported standard errors: 0.34 → 0.24 with se 0.048 and 0.043 is within noise (z = 1.56)", () => {
    const head = edited("lm-eval-mmlu.json", (doc) => {
      doc.results.mmlu_abstract_algebra["acc,none"] = 0.24;
      doc.results.mmlu_abstract_algebra["acc_stderr,none"] = 0.04292346959;
    });
    const m = metricOf(
      diffEvals([parsed("lm-eval-mmlu.json")], [parsed("lm-eval-mmlu.json", head)], compileRules([])),
      "mmlu_abstract_algebra.acc",
    );
    expect(m).toMatchObject({ verdict: "worse", stats: { n: { base: 100, head: 100 }, test: { name: "z (stderr)" } } });
    expect(m.stats?.test?.p).toBeCloseTo(0.1188, 3);
  });

  it("without standard errors, a rate with a known n is tested on its binomial one", () => {
    const head = edited("lm-eval-groups.json", (doc) => (doc.results.arc_easy["acc,none"] = 0.1));
    const m = metricOf(
      diffEvals([parsed("lm-eval-groups.json")], [parsed("lm-eval-groups.json", head)], compileRules([])),
      "arc_easy.acc",
    );
    expect(m.stats?.test?.name).toBe("z (binomial)");
    expect(m.stats?.ci?.base?.[0]).toBeCloseTo(0.1078, 3);
  });
});

describe("inspect_ai eval logs", () => {
  it("scores per scorer, stderr as the standard error, samples as cases with the grader's explanation", () => {
    const result = parsed("inspect-popularity.json");
    expect(result).toMatchObject({ format: "inspect", metrics: { "match.accuracy": 0.6666666666666666 } });
    expect(result.info?.["match.accuracy"]).toEqual({
      name: "accuracy",
      column: "match",
      n: 3,
      stderr: 0.33333333333333337,
      rate: true,
      paired: "pass",
      direction: "higher",
    });
    expect(result.cases).toEqual({
      "sample 1": { passed: true, score: 1, column: "match", reason: "Yes", output: "Yes" },
      "sample 2": { passed: true, score: 1, column: "match", reason: "No", output: "No" },
      "sample 3": { passed: false, score: 0, column: "match", reason: "No", output: "No" },
    });
  });

  it("a cancelled eval counts only when it scored every sample (this real log did); one that did not is refused", () => {
    expect(parsed("inspect-popularity.json").metrics["match.accuracy"]).toBeCloseTo(0.6667, 4);
    const partial = edited("inspect-popularity.json", (doc) => (doc.results.completed_samples = 2));
    expect(parseResultFile("pop.json", partial)).toEqual({
      ok: false,
      error:
        'pop.json: the inspect log\'s status is "cancelled" and not every sample was scored, so there are no complete results to compare',
    });
  });

  it("a model-graded sample that flips explains itself with the grader's reasoning and both answers", () => {
    const head = edited("inspect-security-guide.json", (doc) => {
      doc.samples[1].scores.model_graded_fact.value = "I";
      doc.samples[1].scores.model_graded_fact.explanation = "The submission omits prepared statements. GRADE: I";
      doc.samples[1].output.choices[0].message.content = "Escape quotes in SQL strings.";
      doc.results.scores[0].metrics.accuracy.value = 2 / 3;
    });
    const diff = diffEvals(
      [parsed("inspect-security-guide.json")],
      [parsed("inspect-security-guide.json", head)],
      compileRules([]),
    );
    expect(diff.suites[0]).toMatchObject({
      toFail: ["sample 2"],
      details: {
        "sample 2": {
          reason: "The submission omits prepared statements. GRADE: I",
          base: "Use prepared statements and parameterized queries.",
          head: "Escape quotes in SQL strings.",
        },
      },
    });
    const m = metricOf(diff, "model_graded_fact.accuracy");
    expect(m.stats?.test).toEqual({ name: "McNemar exact", p: 1, pairs: 3 });
    expect(renderEvalComment({ headSha: "a".repeat(40), diff, problems: [] })).toContain(
      "- inspect-security-guide: sample 2 — The submission omits prepared statements. GRADE: I (base: `Use prepared statements and parameterized queries.` · head: `Escape quotes in SQL strings.`)",
    );
  });
});

describe("inspect_ai .eval logs (a zip of JSON files) in an artifact", () => {
  /**
   * inspect_ai's binary form of a log: the log without its samples as `header.json`, and each
   * sample as `samples/<id>_epoch_<n>.json`, built here from the real JSON log of the fixtures.
   */
  const evalLog = () => {
    const { samples, ...header } = JSON.parse(fixture("inspect-popularity.json")) as {
      samples: { id: number; epoch: number }[];
    };
    return makeZip([
      { name: "header.json", data: JSON.stringify(header) },
      ...samples.map((sample) => ({
        name: `samples/${sample.id}_epoch_${sample.epoch}.json`,
        data: JSON.stringify(sample),
      })),
      { name: "summaries.json", data: "[]" },
    ]);
  };

  it("are read as their JSON form: header results and each sample's score and output", async () => {
    const [file] = await readZipTextFiles(makeZip([{ name: "logs/popularity.eval", data: evalLog() }]));
    const result = parsed(file?.name ?? "", file?.text);
    expect(result).toMatchObject({
      suite: "popularity",
      format: "inspect",
      metrics: { "match.accuracy": 0.6666666666666666 },
    });
    expect(result.info?.["match.accuracy"]).toMatchObject({ n: 3, stderr: 0.33333333333333337 });
    expect(result.cases).toEqual({
      "sample 1": { passed: true, score: 1, column: "match", reason: "Yes", output: "Yes" },
      "sample 2": { passed: true, score: 1, column: "match", reason: "No", output: "No" },
      "sample 3": { passed: false, score: 0, column: "match", reason: "No", output: "No" },
    });
  });

  it("a log that lies about its sizes, or is no inspect log, is refused by name", async () => {
    const bomb = makeZip([{ name: "header.json", data: Buffer.alloc(2 * 1024 * 1024, 32), declaredSize: 10 }]);
    await expect(readZipTextFiles(makeZip([{ name: "bomb.eval", data: bomb }]))).rejects.toThrow(
      /^bomb\.eval \(an inspect_ai log\): the zip is damaged or lies about its sizes/,
    );
    await expect(
      readZipTextFiles(makeZip([{ name: "x.eval", data: makeZip([{ name: "other.json", data: "{}" }]) }])),
    ).rejects.toThrow(ArtifactError);
    await expect(
      readZipTextFiles(makeZip([{ name: "x.eval", data: makeZip([{ name: "other.json", data: "{}" }]) }])),
    ).rejects.toThrow("x.eval has no header.json, so it is not an inspect_ai log");
  });
});
