import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import type { GitHubMock } from "../helpers/github-mock.js";
import { useMockedApp } from "../helpers/mocked-app.js";
import { BASE_REF, HEAD_SHA, livePullRequest, PR_NUMBER, readFixture, webhook } from "../helpers/fixtures.js";
import { githubPatch } from "../helpers/patch.js";

/**
 * The providers policy through the app: one GraphQL query reads the changed model configs and
 * prompts at the head (their old text comes from the diff GitHub lists with the files), and only
 * when the policy is configured.
 */
const ROLES = `
checklists:
  where: off
roles:
  ds:
    members: [dana]
  legal:
    members: [lee]
`;
const CONFIG = `${ROLES}providers:\n  roles: [legal]\n`;
const OWNERS = "/prompts/ @ds\n";
const REPO_PATH = "/repos/Codertocat/Hello-World";
const BASIC = readFixture("providers/prompty/basic.prompty");
const MINIMAX = readFixture("providers/prompty/minimax-chat.prompty");

let probot: Probot;
let github: GitHubMock;

useMockedApp((app) => ({ probot, github } = app));

const receive = (name: string, payload: object) => probot.receive({ id: "delivery-p", name, payload } as never);
const summaryOf = (body: Record<string, unknown>) => (body["output"] as { summary: string }).summary;
const approved = (login: string) => ({
  user: { login },
  state: "APPROVED",
  commit_id: HEAD_SHA,
  submitted_at: "2026-11-01T00:00:00Z",
});

async function changedPrompt(path: string, before: string | null, after: string) {
  return {
    filename: path,
    status: before === null ? "added" : "modified",
    additions: 1,
    deletions: 1,
    changes: 2,
    patch: await githubPatch(before, after),
  };
}

function reads(config: string, files: object[], reviews: object[] = []) {
  github
    .config(BASE_REF, config)
    .pull(PR_NUMBER, livePullRequest({ changed_files: files.length }))
    .files(PR_NUMBER, files)
    .checkRuns(HEAD_SHA, [])
    .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
    .reviews(PR_NUMBER, reviews);
}

describe("the providers policy through the app", () => {
  it("a prompt moved from Azure OpenAI to MiniMax: read in one query, old and new vendor named, legal required", async () => {
    reads(CONFIG, [await changedPrompt("prompts/support.prompty", BASIC, MINIMAX)], [approved("dana")]);
    github.blobs({ [`${HEAD_SHA}:prompts/support.prompty`]: MINIMAX });
    github.requestReviewers(PR_NUMBER).createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    expect([...github.lines].sort()).toEqual(
      [
        `GET ${REPO_PATH}/contents/.github/squadgate.yml?ref=refs/heads/master`,
        `GET ${REPO_PATH}/pulls/2/files?per_page=100`,
        `GET ${REPO_PATH}/commits/${HEAD_SHA}/check-runs?check_name=Squadgate&app_id=1&filter=all&per_page=100`,
        `GET ${REPO_PATH}/commits/${HEAD_SHA}/pulls?per_page=100`,
        `GET ${REPO_PATH}/contents/.github/SQUADOWNERS?ref=refs/heads/master`,
        `GET ${REPO_PATH}/pulls/2/reviews?per_page=100`,
        "POST /graphql",
        // dana's approval could count: who pushed is read (the author, here).
        `GET ${REPO_PATH}/pulls/2/commits?per_page=100`,
        `GET ${REPO_PATH}/activity?ref=refs/heads/changes&per_page=100`,
        `GET ${REPO_PATH}/rules/branches/master?per_page=100`,
        `GET ${REPO_PATH}/branches/master`,
        `POST ${REPO_PATH}/pulls/2/requested_reviewers`,
        `POST ${REPO_PATH}/check-runs`,
      ].sort(),
    );
    const query = github.calls.find((c) => c.path === "/graphql")?.body as { variables: Record<string, string> };
    expect(query.variables).toEqual({
      owner: "Codertocat",
      name: "Hello-World",
      e0: `${HEAD_SHA}:prompts/support.prompty`,
    });
    expect(github.bodyOf("POST", "requested_reviewers")).toEqual({ reviewers: ["lee"], team_reviewers: [] });
    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({
      conclusion: "action_required",
      output: { title: "Waiting for @legal (1 of 2 approved)" },
    });
    expect(summaryOf(check)).toContain(
      "### Model providers\n- ⚠️ `prompts/support.prompty` line 7: `azure` (`gpt-4o`) → `minimax` (`MiniMax-M2.5`): a new vendor (`minimax`); `@legal` must approve.",
    );
    expect(summaryOf(check)).toContain("| ⏳ | `@legal` | 0/1 | — | @lee | 1 file: `prompts/support.prompty` |");
  });

  it("a new prompt file is read from its diff alone: no query", async () => {
    reads(CONFIG, [
      await changedPrompt("prompts/recipe.prompt", null, readFixture("providers/dotprompt/recipe.prompt")),
    ]);
    github.requestReviewers(PR_NUMBER).createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    expect(github.lines).not.toContain("POST /graphql");
    expect(summaryOf(github.bodyOf("POST", "check-runs"))).toContain(
      "- ⚠️ `prompts/recipe.prompt` line 2: no model → `google` (`gemini-2.5-flash`): a new vendor (`google`); `@legal` must approve.",
    );
  });

  it("without the providers block, nothing more is read and no vendor is named", async () => {
    reads(ROLES, [await changedPrompt("prompts/support.prompty", BASIC, MINIMAX)]);
    github.requestReviewers(PR_NUMBER).createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    expect(github.lines).not.toContain("POST /graphql");
    expect(summaryOf(github.bodyOf("POST", "check-runs"))).not.toContain("Model providers");
  });
});
