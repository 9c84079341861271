import { describe, expect, it } from "vitest";
import { agentsSchema } from "../../src/config/agents-schema.js";
import { detectAgents, type AgentFacts } from "../../src/core/policies/agents/detect.js";
import { agentDirectory, noreplyLogin } from "../../src/core/policies/agents/known.js";
import { scanText } from "../../src/core/policies/agents/scan.js";
import { agentVerdict } from "../../src/core/policies/agents/verdict.js";
import type { CommitInfo } from "../../src/core/pull/facts.js";
import { readFixture } from "../helpers/fixtures.js";

/** Real agent commits (see fixtures/agents/README.md), as the pull request's commit listing gives them. */
type Recorded = {
  id: string;
  message: string;
  author: { name: string; email: string; username: string };
  committer: { name: string; email: string; username: string };
};
const RECORDED = JSON.parse(readFixture("agents/commits.json")) as Recorded[];
const asCommit = (r: Recorded): CommitInfo => ({
  sha: r.id,
  message: r.message,
  author: { name: r.author.name, email: r.author.email, login: r.author.username },
  committer: { name: r.committer.name, email: r.committer.email, login: r.committer.username },
});
const commit = (prefix: string) => asCommit(RECORDED.find((r) => r.id.startsWith(prefix)) as Recorded);
/** A human's commit: the Claude commit with its last paragraphs (the footer and the trailer) cut off. */
const human = (): CommitInfo => {
  const claude = commit("157121f");
  return { ...claude, sha: "a".repeat(40), message: claude.message.split("\n\n🤖")[0] as string };
};

const CONFIG = agentsSchema.parse({}) as NonNullable<ReturnType<typeof agentsSchema.parse>>;
const facts = (overrides: Partial<AgentFacts> = {}): AgentFacts => ({
  author: "dana",
  authorBot: false,
  body: "Shorter answers for the support bot.",
  commits: [human()],
  ...overrides,
});

describe("detecting agents in real commits", () => {
  it("Copilot's agent: its account authored the commit; the human who asked co-authored and committed it", () => {
    const found = detectAgents(CONFIG, facts({ commits: [commit("0a37e77")] }));
    expect(found.evidence).toEqual([
      { kind: "commit-author", sha: commit("0a37e77").sha, login: "Copilot", role: "author", agent: "GitHub Copilot" },
    ]);
    expect(found.starters.map((s) => [s.login, s.because])).toEqual([
      ["fruch", "named as co-author of the agent's commit 0a37e77"],
    ]);
  });

  it("a squashed Copilot pull request: author Copilot, and its co-author trailer by line; web-flow starts nothing", () => {
    const found = detectAgents(CONFIG, facts({ commits: [commit("decc135")] }));
    expect(found.evidence).toMatchObject([
      { kind: "commit-author", login: "Copilot", role: "author" },
      {
        kind: "commit-line",
        mention: {
          line: 11,
          text: "Co-authored-by: copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>",
          agent: "GitHub Copilot",
        },
      },
    ]);
    expect(found.starters.map((s) => s.login)).toEqual(["jburrow"]);
  });

  it("Cursor's co-author trailer in a human's commit: the human, by their noreply address, started it", () => {
    const found = detectAgents(CONFIG, facts({ commits: [commit("e03573a")] }));
    expect(found.evidence).toMatchObject([
      {
        kind: "commit-line",
        mention: { line: 13, text: "Co-authored-by: Cursor Agent <cursoragent@cursor.com>", agent: "Cursor" },
      },
    ]);
    expect(found.starters.map((s) => s.login)).toEqual(["gianlucamazza"]);
  });

  it("Claude Code's footer and trailer, each with its line; the author who ran it started it", () => {
    const found = detectAgents(CONFIG, facts({ commits: [commit("157121f")] }));
    expect(found.evidence.map((e) => (e.kind === "commit-line" ? [e.mention.line, e.mention.agent] : e.kind))).toEqual([
      [7, "Claude"],
      [9, "Claude"],
    ]);
    expect(found.starters).toEqual([{ login: "JunSuzukiJapan", because: "authored the agent's commit 157121f" }]);
  });

  it("a Copilot commit with no trailer at all is still Copilot's", () => {
    expect(detectAgents(CONFIG, facts({ commits: [commit("f9b87d5")] })).evidence).toMatchObject([
      { kind: "commit-author", login: "Copilot" },
    ]);
  });

  it("a human's commit, a human co-author named Claude, and everyday words are no agent", () => {
    const message = [
      "Keep the cursor at the end of the input",
      "",
      "Generated with OpenAPI Generator; the codex of error codes is unchanged.",
      "",
      "Co-authored-by: Claude Dupont <claude.dupont@example.fr>",
      "Co-authored-by: Jules Verne <jules@example.org>",
    ].join("\n");
    const found = detectAgents(CONFIG, facts({ commits: [human(), { ...human(), sha: "b".repeat(40), message }] }));
    expect(found).toEqual({ evidence: [], starters: [], unknownCoAuthors: [] });
  });
});

describe("what else shows an agent", () => {
  it("the author: a known agent's account, or any bot unless bot_authors is false", () => {
    expect(detectAgents(CONFIG, facts({ author: "Copilot", authorBot: true })).evidence).toEqual([
      { kind: "author", login: "Copilot", agent: "GitHub Copilot" },
    ]);
    expect(detectAgents(CONFIG, facts({ author: "dependabot[bot]", authorBot: true })).evidence).toEqual([
      { kind: "author", login: "dependabot[bot]" },
    ]);
    const knownOnly = { ...CONFIG, bot_authors: false };
    expect(detectAgents(knownOnly, facts({ author: "dependabot[bot]", authorBot: true })).evidence).toEqual([]);
  });

  it("the description's markers and trailers, with their line", () => {
    const body = "## Summary\n- shorter answers\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n";
    expect(detectAgents(CONFIG, facts({ body })).evidence).toEqual([
      {
        kind: "description",
        mention: { line: 4, text: "🤖 Generated with [Claude Code](https://claude.com/claude-code)", agent: "Claude" },
      },
    ]);
    expect(detectAgents(CONFIG, facts({ body: "Assisted-by: Claude:claude-opus-4" })).evidence).toHaveLength(1);
  });

  it("dodge: editing the marker out of the description afterwards; its earlier version still shows it", () => {
    const history = {
      revisions: [
        {
          editedAt: "2026-11-20T10:00:00Z",
          text: "Fix the prompt\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)",
        },
        { editedAt: "2026-11-20T10:05:00Z", text: "Fix the prompt" },
      ],
      unread: 0,
    };
    expect(detectAgents(CONFIG, facts({ body: "Fix the prompt", history })).evidence).toEqual([
      {
        kind: "description",
        editedAt: "2026-11-20T10:00:00Z",
        mention: { line: 3, text: "🤖 Generated with [Claude Code](https://claude.com/claude-code)", agent: "Claude" },
      },
    ]);
  });

  it("dodge: deleting that version from the history; a deleted version cannot be read, so it counts", () => {
    const history = {
      revisions: [{ editedAt: "2026-11-20T10:00:00Z", text: null, deletedBy: "mallory" }],
      unread: 0,
    };
    expect(detectAgents(CONFIG, facts({ history })).evidence).toEqual([
      { kind: "deleted-revision", editedAt: "2026-11-20T10:00:00Z", deletedBy: "mallory" },
    ]);
  });

  it("dodge: rewriting the agent's commits as one's own; GitHub's activity log still shows the agent pushed", () => {
    const found = detectAgents(CONFIG, facts({ pushedBy: ["dana", "copilot-swe-agent[bot]"] }));
    expect(found.evidence).toEqual([{ kind: "pusher", login: "copilot-swe-agent[bot]", agent: "GitHub Copilot" }]);
  });

  it("dodge: having someone else push the agent's commits; the commits still name their author", () => {
    const found = detectAgents(CONFIG, facts({ commits: [commit("f9b87d5")], pushedBy: ["dana"] }));
    expect(found.evidence).toMatchObject([{ kind: "commit-author", login: "Copilot" }]);
  });

  it("dodge: hiding the agent's commit past GitHub's 250-commit listing; commits not listed count", () => {
    expect(detectAgents(CONFIG, facts({ commitCount: 300 })).evidence).toEqual([
      { kind: "unread-commits", listed: 1, total: 300 },
    ]);
  });

  it("a repository's own agents, and without the built-in ones", () => {
    const own = agentsSchema.parse({
      builtin: false,
      known: [{ name: "Acme Coder", accounts: ["acme-coder[bot]"], markers: ["Acme Coder"] }],
    }) as typeof CONFIG;
    const body = "Generated by Acme Coder v2";
    expect(detectAgents(own, facts({ body })).evidence).toMatchObject([{ kind: "description", mention: { line: 1 } }]);
    expect(detectAgents(own, facts({ commits: [commit("f9b87d5")] })).evidence).toEqual([]);
  });
});

describe("the agent policy's verdict", () => {
  it("needs more human approvals, and rules out the starter and every bot that reviewed", () => {
    const verdict = agentVerdict(CONFIG, {
      ...facts({ commits: [commit("0a37e77")] }),
      reviews: [
        { login: "fruch", state: "APPROVED", commitId: null },
        { login: "helper-app[bot]", state: "APPROVED", commitId: null },
        { login: "review-app", state: "APPROVED", commitId: null, bot: true },
        { login: "dora", state: "APPROVED", commitId: null },
      ],
    });
    expect(verdict?.approvals).toBe(2);
    expect([...(verdict?.excluded.keys() ?? [])]).toEqual(["fruch", "helper-app[bot]", "review-app"]);
    expect(verdict?.excluded.get("fruch")).toMatch(/^they started the agent that wrote this pull request/);
  });

  it("says so when a co-author of the agent's commits cannot be matched to an account", () => {
    const coAuthored = { ...commit("f9b87d5"), message: "Add it\n\nCo-authored-by: Ana Lyst <ana@acme.example>" };
    const verdict = agentVerdict(CONFIG, { ...facts({ commits: [coAuthored] }), reviews: [] });
    expect(verdict?.notes).toEqual([
      "Ana Lyst <ana@acme.example>, co-author of the agent's commit f9b87d5, could not be matched to a GitHub account; if they started the agent, their approval should not count",
    ]);
  });

  it("is nothing when nothing shows an agent", () => {
    expect(agentVerdict(CONFIG, { ...facts(), reviews: [] })).toBeUndefined();
  });
});

describe("reading trailers", () => {
  const agents = agentDirectory(CONFIG);
  it.each([
    ["Co-Authored-By: Claude Opus 5 (1M context) <noreply@anthropic.com>", "Claude"],
    ["Co-authored-by: aider (gpt-4o) <aider@aider.chat>", "aider"],
    ["Co-authored-by: Codex (gpt-5.1-codex) <noreply@openai.com>", "OpenAI Codex"],
    ["Co-authored-by: Devin AI <158243242+devin-ai-integration[bot]@users.noreply.github.com>", "Devin"],
    ["Assisted-by: Cursor", "Cursor"],
    ["Replit-Commit-Author: Agent", "Replit Agent"],
    ["Generated by Copilot", "GitHub Copilot"],
  ])("%s names %s", (line, agent) => {
    expect(scanText(line, agents).mentions).toEqual([{ line: 1, text: line, agent }]);
  });

  it("reads only the first 1,000 characters of a line, whatever a commit message holds", () => {
    const padded = `${" ".repeat(2_000)}Co-authored-by: Claude <noreply@anthropic.com>`;
    const endless = `Co-authored-by:${" ".repeat(100_000)}x <${"a".repeat(50_000)}`;
    expect(scanText(`${padded}\n${endless}\nAssisted-by: Cursor`, agents)).toEqual({
      mentions: [{ line: 3, text: "Assisted-by: Cursor", agent: "Cursor" }],
      coAuthors: [],
    });
  });

  it("reads GitHub's noreply addresses, with or without the account id", () => {
    expect(noreplyLogin("340979+fruch@users.noreply.github.com")).toBe("fruch");
    expect(noreplyLogin("gianlucamazza@users.noreply.github.com")).toBe("gianlucamazza");
    expect(noreplyLogin("fruch@example.com")).toBeUndefined();
  });
});
