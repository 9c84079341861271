import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import type { GitHubMock } from "../helpers/github-mock.js";
import { useMockedApp } from "../helpers/mocked-app.js";
import { BASE_REF, changedFile, HEAD_SHA, livePullRequest, PR_NUMBER, webhook } from "../helpers/fixtures.js";
import { seenCheck } from "../helpers/head-state.js";

/**
 * The agent policy through the app: the reads it adds (the commits and who pushed, and only when
 * nothing else shows an agent, the description's edit history), and what the check says.
 */
const CONFIG = `
checklists:
  where: off
roles:
  ds:
    members: [dana, dora, fruch]
agents:
  approvals: 2
waivers:
  allow:
    agents: [boss, fruch]
`;
const OWNERS = "/prompts/ @ds\n";
const REPO_PATH = "/repos/Codertocat/Hello-World";

let probot: Probot;
let github: GitHubMock;

useMockedApp((app) => ({ probot, github } = app));

const receive = (name: string, payload: object) => probot.receive({ id: "delivery-a", name, payload } as never);
const summaryOf = (body: Record<string, unknown>) => (body["output"] as { summary: string }).summary;
const approved = (login: string) => ({
  user: { login },
  state: "APPROVED",
  commit_id: HEAD_SHA,
  submitted_at: "2026-11-01T00:00:00Z",
});

/** Copilot's pull request: opened by the Copilot bot, its commit co-authored by fruch, who asked for it. */
const COPILOT = { login: "Copilot", id: 198982749, type: "Bot" };
const copilotCommit = {
  author: "Copilot",
  authorEmail: "198982749+Copilot@users.noreply.github.com",
  committer: "web-flow",
  message: "Shorter support answers\n\nCo-authored-by: fruch <340979+fruch@users.noreply.github.com>",
};

function reads(opts: { pr?: Record<string, unknown>; reviews?: object[] }) {
  github
    .config(BASE_REF, CONFIG)
    .pull(PR_NUMBER, livePullRequest({ commits: 1, ...opts.pr }))
    .files(PR_NUMBER, [changedFile("prompts/support.txt")])
    .checkRuns(HEAD_SHA, [])
    .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
    .reviews(PR_NUMBER, opts.reviews ?? []);
}

const opened = (user: object) => {
  const payload = webhook("pull_request.opened");
  return { ...payload, pull_request: { ...payload["pull_request"], user } };
};

describe("the agent policy through the app", () => {
  it("Copilot's pull request: the commits and who pushed are read, the human who asked does not count, nor a bot", async () => {
    reads({
      pr: { user: COPILOT },
      reviews: [approved("fruch"), approved("dana"), approved("helper-app[bot]")],
    });
    github.pushedBy(PR_NUMBER, { commits: [copilotCommit], pushes: ["Copilot"] });
    github.requestReviewers(PR_NUMBER).createCheck();

    await receive("pull_request", opened(COPILOT));

    // Copilot's own account shows the agent: no need for the description's history.
    expect([...github.lines].sort()).toEqual(
      [
        `GET ${REPO_PATH}/contents/.github/squadgate.yml?ref=refs/heads/master`,
        `GET ${REPO_PATH}/pulls/2`,
        `GET ${REPO_PATH}/pulls/2/files?per_page=100`,
        `GET ${REPO_PATH}/commits/${HEAD_SHA}/check-runs?check_name=Squadgate&app_id=1&filter=all&per_page=100`,
        `GET ${REPO_PATH}/commits/${HEAD_SHA}/pulls?per_page=100`,
        `GET ${REPO_PATH}/contents/.github/SQUADOWNERS?ref=refs/heads/master`,
        `GET ${REPO_PATH}/pulls/2/reviews?per_page=100`,
        `GET ${REPO_PATH}/pulls/2/commits?per_page=100`,
        `GET ${REPO_PATH}/activity?ref=refs/heads/changes&per_page=100`,
        // How the base branch requires the check: read once an hour per branch, alongside.
        `GET ${REPO_PATH}/rules/branches/master?per_page=100`,
        `GET ${REPO_PATH}/branches/master`,
        `POST ${REPO_PATH}/pulls/2/requested_reviewers`,
        `POST ${REPO_PATH}/check-runs`,
      ].sort(),
    );
    expect(github.bodyOf("POST", "requested_reviewers")).toEqual({ reviewers: ["dora"], team_reviewers: [] });
    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({
      conclusion: "action_required",
      output: { title: "Waiting for @ds (0 of 1 approved)" },
    });
    const summary = summaryOf(check);
    expect(summary).toContain("| ⏳ | `@ds` | 1/2 | @dana | @dora |");
    expect(summary).toContain(
      "@fruch's approval for `@ds` no longer counts: they started the agent that wrote this pull request (named as co-author of the agent's commit 0000000)",
    );
    expect(summary).toContain("  - it was opened by `Copilot`, an account of GitHub Copilot\n");
    expect(summary).toContain(
      "  - `Copilot` (GitHub Copilot) pushed to the branch, as GitHub's activity log records\n",
    );
  });

  it("dodge: the marker edited out of the description; the edit history is read once nothing else shows an agent", async () => {
    reads({ reviews: [approved("dana")] });
    github.pushedBy(PR_NUMBER, {
      commits: [{ author: "Codertocat", committer: "Codertocat", message: "Shorter support answers" }],
      pushes: ["Codertocat"],
    });
    github.descriptionHistory([
      {
        editedAt: "2026-11-01T09:00:00Z",
        text: "Shorter answers.\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)",
      },
      { editedAt: "2026-11-01T09:30:00Z", text: "Shorter answers." },
    ]);
    github.requestReviewers(PR_NUMBER).createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    expect(github.lines.filter((line) => line === "POST /graphql")).toHaveLength(1);
    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({ conclusion: "action_required" });
    expect(summaryOf(check)).toContain(
      "  - an earlier version of the description (edited 2026-11-01T09:00:00Z), line 3: `🤖 Generated with [Claude Code](https://claude.com/claude-code)`",
    );
  });

  it("a commit message is kept in its start and its end: a trailer after 20,000 characters still counts", async () => {
    reads({ reviews: [approved("dana")] });
    const long = `Regenerate the answers\n\n${"More words about it. ".repeat(1_000)}\n\nCo-Authored-By: Claude <noreply@anthropic.com>`;
    github.pushedBy(PR_NUMBER, {
      commits: [{ author: "Codertocat", committer: "Codertocat", message: long }],
      pushes: ["Codertocat"],
    });
    github.requestReviewers(PR_NUMBER).createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    expect(github.lines).not.toContain("POST /graphql");
    expect(summaryOf(github.bodyOf("POST", "check-runs"))).toContain(
      "line 5 of its message: `Co-Authored-By: Claude <noreply@anthropic.com>`",
    );
  });

  it("a human's pull request with no sign of an agent: one approval, as the role says", async () => {
    reads({ reviews: [approved("dana")] });
    github.pushedBy(PR_NUMBER, {
      commits: [{ author: "Codertocat", committer: "Codertocat", message: "Shorter support answers" }],
      pushes: ["Codertocat"],
    });
    github.descriptionHistory([]);
    github.createCheck();

    await receive("pull_request", webhook("pull_request.opened"));

    const check = github.bodyOf("POST", "check-runs");
    expect(check).toMatchObject({ conclusion: "success", output: { title: "All 1 required role approved" } });
    expect(summaryOf(check)).not.toContain("AI agent");
  });

  it("a pull request that changes no AI asset reads nothing more", async () => {
    github
      .config(BASE_REF, CONFIG)
      .pull(PR_NUMBER, livePullRequest({ user: COPILOT }))
      .files(PR_NUMBER, [changedFile("src/app.ts")])
      .checkRuns(HEAD_SHA, [])
      .createCheck();

    await receive("pull_request", opened(COPILOT));

    expect(github.lines.some((l) => l.includes("/commits?") || l.includes("/activity") || l === "POST /graphql")).toBe(
      false,
    );
    expect(github.bodyOf("POST", "check-runs")).toMatchObject({ conclusion: "success" });
  });
});

describe("overriding the agent policy", () => {
  const COMMENT_ID = 900;
  /** GitHub's issue_comment.created example, on our pull request, written by `login`. */
  function comment(body: string, login: string) {
    const payload = webhook("issue_comment.created");
    const user = { login, id: 7, type: "User" };
    return {
      ...payload,
      issue: { ...payload["issue"], number: PR_NUMBER },
      comment: { ...payload["comment"], id: COMMENT_ID, body, user, created_at: "2026-11-22T10:00:00Z" },
      sender: user,
    };
  }
  const copilotReads = () => {
    github
      .config(BASE_REF, CONFIG)
      .pull(PR_NUMBER, livePullRequest({ commits: 1, user: COPILOT, labels: [] }))
      .files(PR_NUMBER, [changedFile("prompts/support.txt")])
      .checkRuns(HEAD_SHA, [seenCheck(7, { [PR_NUMBER]: {} })])
      .file(".github/SQUADOWNERS", BASE_REF, OWNERS)
      .reviews(PR_NUMBER, [approved("dana")])
      .comments(PR_NUMBER, []);
    github.pushedBy(PR_NUMBER, { commits: [copilotCommit], pushes: ["Copilot"] });
  };

  it("/waive agents, on the record, for this commit: the role's own count applies again", async () => {
    copilotReads();
    github.createComment(PR_NUMBER, 77).addLabels(PR_NUMBER).updateCheck(7).reaction(COMMENT_ID);

    await receive("issue_comment", comment("/waive agents Reviewed the agent's change line by line", "boss"));

    const record = github.bodyOf("POST", "/issues/2/comments")["body"] as string;
    expect(record).toContain("| `agents` | @boss |");
    expect(record).toContain("| Reviewed the agent's change line by line | any new commit at `ec26c3e` |");
    const check = github.bodyOf("PATCH", "check-runs/7");
    expect(check).toMatchObject({ conclusion: "success", output: { title: "All 1 required role approved" } });
    expect(summaryOf(check)).toContain("- 🟡 `agents` waived by @boss at 2026-11-22T10:00:00.000Z");
    expect(summaryOf(check)).toContain("but the agent policy is waived (see Waivers)");
  });

  it("the human who asked the agent may not waive it, even when listed", async () => {
    copilotReads();
    github.createComment(PR_NUMBER).reaction(COMMENT_ID);

    await receive("issue_comment", comment("/waive agents It is only a small change", "fruch"));

    expect(github.writes.map((c) => `${c.method} ${c.path}`)).toEqual([
      `POST ${REPO_PATH}/issues/comments/${COMMENT_ID}/reactions`,
      `POST ${REPO_PATH}/issues/2/comments`,
    ]);
    expect(github.bodyOf("POST", "/issues/2/comments")["body"]).toContain("nor on one an AI agent they started wrote");
  });
});
