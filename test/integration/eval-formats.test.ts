import { readFileSync } from "node:fs";
import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import type { GitHubMock } from "../helpers/github-mock.js";
import { useMockedApp } from "../helpers/mocked-app.js";
import {
  BASE_REF,
  changedFile,
  HEAD_SHA,
  livePullRequest,
  OWNER,
  PR_NUMBER,
  REPO,
  webhook,
} from "../helpers/fixtures.js";
import { cases, promptfooV3 } from "../helpers/promptfoo.js";
import { makeZip } from "../helpers/zip.js";

/**
 * Multi-prompt promptfoo runs, lm-evaluation-harness results and inspect_ai logs through the real
 * app: rules apply per column, a gating rule that matched nothing is said in the comment and the
 * check, and every format counts only for the commit its artifact names.
 */
const WORKFLOW = "squadgate-eval.yml";
const BASE_SHA = "c".repeat(40);
const config = (rules: string) => `
checklists:
  where: off
roles:
  ds:
    members: [dana]
evals:
  workflow: ${WORKFLOW}
  metrics:
${rules}`;
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/evals/${name}`, import.meta.url), "utf8");
/** Two prompts, as the run had; v2 fails `v2Failing` of its 10 cases. */
const twoPrompts = (v2Failing: number) =>
  promptfooV3([
    { label: "v1", provider: "openai:gpt-4o-mini", cases: cases(10, 2) },
    { label: "v2", provider: "openai:gpt-4o-mini", cases: cases(10, v2Failing) },
  ]);

let probot: Probot;
let github: GitHubMock;

useMockedApp((app) => ({ probot, github } = app));

const summaryOf = (body: Record<string, unknown>) => (body["output"] as { summary: string }).summary;

function completedRun() {
  const payload = webhook("workflow_run.completed");
  const run = payload["workflow_run"];
  return {
    ...payload,
    workflow_run: {
      ...run,
      id: 101,
      path: `.github/workflows/${WORKFLOW}`,
      event: "pull_request",
      head_sha: HEAD_SHA,
      head_branch: "changes",
      html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/101`,
      pull_requests: [
        { number: PR_NUMBER, head: { sha: HEAD_SHA, ref: "changes" }, base: { ref: BASE_REF, sha: BASE_SHA } },
      ],
    },
    repository: { ...payload["repository"], default_branch: BASE_REF },
  };
}

/** One ingestion: head and baseline artifacts (each naming the commit it evaluated), the comment, then the gate. */
function ingestion(
  yaml: string,
  head: { name: string; data: string }[],
  base: { name: string; data: string }[],
  headCommit = HEAD_SHA,
) {
  github.config(BASE_REF, yaml).pull(PR_NUMBER, livePullRequest());
  github
    .runArtifacts(101, [{ id: 11 }])
    .artifactZip(11, makeZip([...head, { name: "squadgate-commit.txt", data: `${headCommit}\n` }]));
  github
    .baselineRun(WORKFLOW, BASE_REF, { id: 5, head_sha: BASE_SHA })
    .runArtifacts(5, [{ id: 6 }])
    .artifactZip(6, makeZip([...base, { name: "squadgate-commit.txt", data: `${BASE_SHA}\n` }]));
  github.comments(PR_NUMBER, []).createComment(PR_NUMBER, 71);
  github
    .files(PR_NUMBER, [changedFile("prompts/support.txt")])
    .checkRuns(HEAD_SHA, [])
    .file(".github/SQUADOWNERS", BASE_REF, "/prompts/ @ds\n")
    .reviews(PR_NUMBER, [
      { user: { login: "dana" }, state: "APPROVED", commit_id: HEAD_SHA, submitted_at: "2026-11-01T00:00:00Z" },
    ])
    .createCheck();
}

const receiveRun = () => probot.receive({ id: "delivery-f", name: "workflow_run", payload: completedRun() } as never);

describe("eval results in every format, through the app", () => {
  it("a multi-prompt promptfoo run: { match: pass_rate } gates each column, and a rule that matched nothing is warned about in the comment and the check", async () => {
    const rules =
      "    - { match: pass_rate, direction: higher, gating: true }\n    - { match: pass-rate, direction: higher, gating: true }\n";
    ingestion(
      config(rules),
      [{ name: "support.json", data: twoPrompts(4) }],
      [{ name: "support.json", data: twoPrompts(2) }],
    );
    await receiveRun();

    const comment = github.bodyOf("POST", "/issues/2/comments")["body"] as string;
    expect(comment).toContain(
      "❌ 1 gating regression: `support · v2 @ openai:gpt-4o-mini.pass_rate` (may not get worse)",
    );
    expect(comment).toContain("- ⚠️ gating rule \\{ match: pass-rate \\} matched no metric in these results");
    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({ conclusion: "action_required", output: { title: "Evals regressed" } });
    expect(summaryOf(check)).toContain(
      "  - support · v2 @&#8203; openai:gpt-4o-mini.pass\\_rate: 0.8 → 0.6 (may not get worse)",
    );
    expect(summaryOf(check)).toContain("- ⚠️ gating rule \\{ match: pass-rate \\} matched no metric in these results");
  });

  it("lm-evaluation-harness results and an inspect_ai log in one artifact: compared, tested and gated like any other", async () => {
    const rules =
      "    - { match: acc, column: mmlu_*, direction: higher, max_drop: 0.02, gating: true }\n    - { match: accuracy, direction: higher, gating: true, significance: { alpha: 0.05 } }\n";
    const lmHead = fixture("lm-eval-mmlu.json").replace('"acc,none": 0.34', '"acc,none": 0.3');
    const inspectHead = fixture("inspect-popularity.json")
      .replace('"value": "C"', '"value": "I"')
      .replace('"value": 0.6666666666666666', '"value": 0.3333333333333333');
    ingestion(
      config(rules),
      [
        { name: "mmlu.json", data: lmHead },
        { name: "popularity.json", data: inspectHead },
      ],
      [
        { name: "mmlu.json", data: fixture("lm-eval-mmlu.json") },
        { name: "popularity.json", data: fixture("inspect-popularity.json") },
      ],
    );
    await receiveRun();

    const comment = github.bodyOf("POST", "/issues/2/comments")["body"] as string;
    expect(comment).toContain("❌ 1 gating regression: `mmlu · mmlu_abstract_algebra.acc` (may drop by at most 0.02)");
    expect(comment).toContain(
      "| mmlu | `mmlu_abstract_algebra.acc` | 0.34 (n = 100, CI 0.2546–0.4372) | 0.3 (n = 100, CI 0.2189–0.3958) | −0.04 (−11.8%) | within noise (z (stderr), p = 0.55) |",
    );
    // One of three samples flipped: within noise, so the significance-gated rule does not fail the check.
    expect(comment).toContain(
      "| popularity | `match.accuracy` | 0.6667 (n = 3, CI 0.2077–0.9385) | 0.3333 (n = 3, CI 0.06149–0.7923) | −0.3333 (−50.0%) | within noise (McNemar exact, p = 1) |",
    );
    expect(comment).toContain("- popularity: sample 1 — Yes (base: `Yes` · head: `Yes`)");
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({
      conclusion: "action_required",
      output: { title: "Evals regressed" },
    });
  });

  it("results of any format count only for the commit the artifact names", async () => {
    ingestion(
      config("    - { match: acc, direction: higher, gating: true }\n"),
      [{ name: "mmlu.json", data: fixture("lm-eval-mmlu.json") }],
      [{ name: "mmlu.json", data: fixture("lm-eval-mmlu.json") }],
      "d".repeat(40),
    );
    await receiveRun();

    expect(github.bodyOf("POST", "/issues/2/comments")["body"]).toContain(
      "this run evaluated ddddddd, not ec26c3e, so its numbers cannot count for ec26c3e",
    );
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({
      conclusion: "action_required",
      output: { title: "Evals could not be judged" },
    });
  });
});
