import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import type { GitHubMock } from "../helpers/github-mock.js";
import { markers, markupProblems, mentions } from "../helpers/markdown-safety.js";
import { useMockedApp } from "../helpers/mocked-app.js";
import { BASE_REF, HEAD_SHA, livePullRequest, PR_NUMBER, readFixture, webhook } from "../helpers/fixtures.js";
import { mask } from "../../src/core/policies/sensitive-data/mask.js";
import { addedPatch, fakeGitHubToken, withLuhn } from "../helpers/synthetic-pii.js";

/**
 * The licence and sensitive-data policies through the app: the exact calls each costs (one GraphQL
 * query for the cards, none for the patches, which come with the file listing), the roles they
 * require, and the check run's sections and annotations, sent 50 per request.
 */
const BASE_SHA = livePullRequest()["base"].sha as string;
const CONFIG = `
checklists:
  where: off
roles:
  ds:
    members: [dana]
  legal:
    members: [lee]
  privacy:
    members: [pia]
licences:
  role: legal
sensitive_data:
  role: privacy
  annotations: 60
`;
const OWNERS = "/datasets/ @ds\n/models/ @ds\n";

let probot: Probot;
let github: GitHubMock;

useMockedApp((app) => ({ probot, github } = app));

const receive = (payload: object) => probot.receive({ id: "delivery-d", name: "pull_request", payload } as never);
const output = (body: Record<string, unknown>) =>
  body["output"] as { title: string; summary: string; annotations?: Record<string, unknown>[] };

function reads(files: object[], config = CONFIG, checkRuns: object[] = [], pr: Record<string, unknown> = {}) {
  return github
    .config(BASE_REF, config)
    .pull(PR_NUMBER, livePullRequest({ changed_files: files.length, ...pr }))
    .files(PR_NUMBER, files)
    .checkRuns(HEAD_SHA, checkRuns);
}

/** The calls made, less the branch-rule reads a fresh process makes once an hour (see api-budget.test.ts). */
const calls = () => github.lines.filter((line) => !/\/rules\/branches\/|\/branches\/master$/.test(line));

describe("the licence policy", () => {
  it("a card switched from Apache 2.0 to Gemma: one GraphQL read, legal required, the check lists it on its line", async () => {
    reads([{ filename: "models/bot/README.md", status: "modified", additions: 1, deletions: 1 }])
      .reviews(PR_NUMBER, [])
      .blobs({
        [`${BASE_SHA}:models/bot/README.md`]: readFixture("cards/qwen2.5-1.5b-anti-sycophancy-lora.md"),
        [`${HEAD_SHA}:models/bot/README.md`]: readFixture("cards/gemma-3-4b-it-4bit.md"),
      })
      .requestReviewers(PR_NUMBER)
      .createCheck();
    await receive(webhook("pull_request.opened"));

    // A card is no AI asset, so the ownership file is not read; the reviews are, once the card shows legal must approve.
    expect(calls()).toEqual([
      "GET /repos/Codertocat/Hello-World/contents/.github/squadgate.yml?ref=refs/heads/master",
      "GET /repos/Codertocat/Hello-World/pulls/2/files?per_page=100",
      `GET /repos/Codertocat/Hello-World/commits/${HEAD_SHA}/check-runs?check_name=Squadgate&app_id=1&filter=all&per_page=100`,
      `GET /repos/Codertocat/Hello-World/commits/${HEAD_SHA}/pulls?per_page=100`,
      "POST /graphql",
      "GET /repos/Codertocat/Hello-World/pulls/2/reviews?per_page=100",
      "POST /repos/Codertocat/Hello-World/pulls/2/requested_reviewers",
      "POST /repos/Codertocat/Hello-World/check-runs",
    ]);
    expect(github.bodyOf("POST", "requested_reviewers")).toEqual({ reviewers: ["lee"], team_reviewers: [] });
    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({
      conclusion: "action_required",
      output: { title: "Waiting for @legal (0 of 1 approved)" },
    });
    const { summary, annotations } = output(check);
    expect(summary).toContain(
      "| ⚠️ | `models/bot/README.md:2` | `gemma` (was `apache-2.0`) | vendor | model `google/gemma-3-4b-pt` | changed from apache-2.0; vendor is not an allowed class |",
    );
    expect(annotations).toEqual([
      {
        path: "models/bot/README.md",
        start_line: 2,
        end_line: 2,
        annotation_level: "warning",
        title: "Licence needs review by the legal role",
        message: "gemma (vendor): changed from apache-2.0; vendor is not an allowed class.",
      },
    ]);
  });

  it("a README that is no card costs the one GraphQL read, and no review read", async () => {
    reads([{ filename: "docs/README.md", status: "modified", additions: 1, deletions: 1 }])
      .blobs({ [`${BASE_SHA}:docs/README.md`]: "# Docs\n", [`${HEAD_SHA}:docs/README.md`]: "# Docs!\n" })
      .createCheck();
    await receive(webhook("pull_request.opened"));
    expect(calls().filter((line) => !line.startsWith("GET /repos/Codertocat/Hello-World/commits/"))).toEqual([
      "GET /repos/Codertocat/Hello-World/contents/.github/squadgate.yml?ref=refs/heads/master",
      "GET /repos/Codertocat/Hello-World/pulls/2/files?per_page=100",
      "POST /graphql",
      "POST /repos/Codertocat/Hello-World/check-runs",
    ]);
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({
      conclusion: "success",
      output: { title: "No AI assets changed" },
    });
  });

  it("the licence review is a checklist item for the legal role when checklists are on", async () => {
    const config = CONFIG.replace("  where: off", "  where: comment");
    reads([{ filename: "datasets/new/train.jsonl", status: "added", additions: 1, patch: addedPatch(["{}"]) }], config)
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, [])
      .comments(PR_NUMBER, [])
      .blobs({})
      .requestReviewers(PR_NUMBER)
      .createComment(PR_NUMBER)
      .createCheck();
    await receive(webhook("pull_request.opened"));
    const comment = github.bodyOf("POST", "/issues/2/comments")["body"] as string;
    expect(comment).toContain("### Licence review <!-- sg:kind licence -->");
    expect(comment).toContain("· **required**, `@legal` ticks <!-- sg:item licence/terms-reviewed -->");
    const { summary } = output(github.bodyOf("POST", "check-runs"));
    expect(summary).toContain(
      "| ⚠️ | no card in `datasets/new/`; 1 changed file | _none stated_ | — | — | no licence stated for a new model or dataset |",
    );
  });
});

describe("the sensitive-data policy", () => {
  const card = withLuhn("53000000000000".padEnd(15, "4"));
  const hostile = "<!-- squadgate:checklist:start --> @dana **bold** `x`";
  const lines = [
    ...Array.from({ length: 70 }, (_, i) => `{"i": ${i}, "text": "reach me at person${i}@mailbox.eu"}`),
    `{"card": "${card}", "note": "${hostile}"}`,
    `{"token": "${fakeGitHubToken()}"}`,
  ];
  const files = [
    { filename: "datasets/support/train.jsonl", status: "added", additions: lines.length, patch: addedPatch(lines) },
    { filename: "datasets/support/images.parquet", status: "added", additions: 0 },
  ];

  const card_ = {
    [`${HEAD_SHA}:datasets/support/README.md`]: readFixture("cards/qwen2.5-1.5b-anti-sycophancy-lora.md"),
  };

  it("findings annotated on their lines in batches of 50, masked; privacy required; nothing echoed", async () => {
    reads(files)
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, [])
      .blobs(card_)
      .requestReviewers(PR_NUMBER)
      .createCheck(7)
      .updateCheck(7);
    await receive(webhook("pull_request.opened"));

    expect(github.writes.map((c) => `${c.method} ${c.path}`)).toEqual([
      "POST /repos/Codertocat/Hello-World/pulls/2/requested_reviewers",
      "POST /repos/Codertocat/Hello-World/check-runs",
      "PATCH /repos/Codertocat/Hello-World/check-runs/7",
    ]);
    expect(github.bodyOf("POST", "requested_reviewers")).toEqual({ reviewers: ["dana", "pia"], team_reviewers: [] });
    const created = output(github.bodyOf("POST", "check-runs"));
    const more = output(github.bodyOf("PATCH", "check-runs/7"));
    expect(created.annotations).toHaveLength(50);
    expect(more.annotations).toHaveLength(10);
    expect(more.summary).toBe(created.summary);
    expect(created.annotations?.[0]).toEqual({
      path: "datasets/support/train.jsonl",
      start_line: 1,
      end_line: 1,
      annotation_level: "warning",
      title: "email address added",
      message: `email address: ${mask("person0@mailbox.eu")}\nNeeds review by the privacy role; remove or anonymise it, or add an allow pattern for test values.`,
    });
    expect(created.summary).toContain("72 findings in 1 file need `@privacy`'s review; the first 60 are annotated");
    expect(created.summary).toContain(`- \`datasets/support/train.jsonl:71\`: payment card number \`${mask(card)}\``);
    expect(created.summary).toContain(
      `- \`datasets/support/train.jsonl:72\`: GitHub Token \`${mask(fakeGitHubToken())}\``,
    );
    // A file that could not be scanned needs the role too (unscanned: review, the default): a binary file is no way around it.
    expect(created.summary).toContain(
      "| ⏳ | `@privacy` | 0/1 | — | @pia | 2 files: `datasets/support/train.jsonl`, `datasets/support/images.parquet` |",
    );
    expect(created.summary).toContain(
      "- ⚠️ 1 file could not be scanned, so `@privacy` must review it:\n  - ⚠️ Not scanned: `datasets/support/images.parquet`: no diff to scan (a binary file, or a diff too large for GitHub to show).",
    );
    const written = JSON.stringify(github.writes);
    for (const value of [card, fakeGitHubToken(), "person0@mailbox.eu"]) expect(written).not.toContain(value);
    expect(mentions(created.summary)).toEqual(["dana", "pia"]);
    expect(markers(created.summary)).toEqual([]);
    expect(markupProblems(created.summary)).toEqual([]);
  });

  it("a later event at the same head with the same findings writes nothing, and does not add the annotations again; a run left partial is replaced", async () => {
    reads(files).file(".github/SQUADOWNERS", BASE_REF, OWNERS).reviews(PR_NUMBER, []).blobs(card_);
    github.requestReviewers(PR_NUMBER).createCheck(7).updateCheck(7);
    await receive(webhook("pull_request.opened"));
    // As GitHub lists the run: what the create wrote (the batch after it only added annotations).
    // Until the last batch is in, the run's id says its annotations are partial (`+p`); the last says all are there (`+a`).
    const { external_id: partial, conclusion, output: first } = github.bodyOf("POST", "check-runs");
    const { external_id } = github.bodyOf("PATCH", "check-runs/7");
    expect([partial, external_id]).toEqual([
      expect.stringMatching(/^squadgate:[0-9a-f]{16}\+p[0-9a-f]{16}$/),
      (partial as string).replace("+p", "+a"),
    ]);
    const written = { id: 7, name: "Squadgate", status: "completed", external_id, conclusion, output: first };
    github.resetCounters();
    const requested = { requested_reviewers: [{ login: "dana" }, { login: "pia" }] };
    reads(files, CONFIG, [written], requested).file(".github/SQUADOWNERS", BASE_REF, OWNERS).reviews(PR_NUMBER, []);
    github.blobs(card_);
    await receive(webhook("pull_request.synchronize"));
    expect(github.writes).toEqual([]);

    // A run whose last batch never arrived: a new run with every annotation replaces it.
    github.resetCounters();
    reads(files, CONFIG, [{ ...written, external_id: partial }], requested)
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, []);
    github.blobs(card_).createCheck(8).updateCheck(8);
    await receive(webhook("pull_request.synchronize"));
    expect(github.writes.map((c) => `${c.method} ${c.path}`)).toEqual([
      "POST /repos/Codertocat/Hello-World/check-runs",
      "PATCH /repos/Codertocat/Hello-World/check-runs/8",
    ]);
  });
});
