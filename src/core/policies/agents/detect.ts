import type { AgentsConfig } from "../../../config/agents-schema.js";
import type { CommitInfo, DescriptionHistory } from "../../pull/facts.js";
import { type AgentDirectory, agentDirectory, isBotLogin } from "./known.js";
import { type CoAuthor, type Mention, scanText } from "./scan.js";

/** One reason to treat a pull request as written by an AI agent. */
export type Evidence =
  | { kind: "author"; login: string; agent?: string }
  | { kind: "commit-author"; sha: string; login: string; role: "author" | "committer"; agent: string }
  | { kind: "commit-line"; sha: string; mention: Mention }
  | { kind: "pusher"; login: string; agent: string }
  | { kind: "description"; mention: Mention; editedAt?: string }
  | { kind: "deleted-revision"; editedAt: string; deletedBy?: string }
  | { kind: "unread-commits"; listed: number; total: number };

/** A person who started the agent: their approval never counts for what it wrote. */
export interface Starter {
  login: string;
  because: string;
}

export interface AgentDetection {
  evidence: Evidence[];
  starters: Starter[];
  /** Co-authors of the agent's commits whose GitHub account their address does not give. */
  unknownCoAuthors: (CoAuthor & { sha: string })[];
}

export interface AgentFacts {
  author: string;
  authorBot: boolean;
  body: string;
  commits: readonly CommitInfo[];
  /** How many commits GitHub says the pull request has (it lists at most 250). */
  commitCount?: number;
  pushedBy?: readonly string[];
  history?: DescriptionHistory;
}

/** GitHub's account for commits made in its web interface: it starts nothing. */
const WEB_FLOW = "web-flow";

/** Why the pull request counts as written by an agent (no evidence: it does not), and who started the agent. */
export function detectAgents(config: AgentsConfig, facts: AgentFacts): AgentDetection {
  const agents = agentDirectory(config);
  const evidence: Evidence[] = [];
  const author = agents.byAccount(facts.author);
  if (author) evidence.push({ kind: "author", login: facts.author, agent: author.name });
  else if (config.bot_authors && (facts.authorBot || isBotLogin(facts.author)))
    evidence.push({ kind: "author", login: facts.author });
  const commits = commitEvidence(facts.commits, agents);
  evidence.push(...commits.evidence);
  for (const login of new Set(facts.pushedBy ?? [])) {
    const agent = agents.byAccount(login);
    if (agent) evidence.push({ kind: "pusher", login, agent: agent.name });
  }
  evidence.push(...descriptionEvidence(facts, agents));
  if (facts.commitCount !== undefined && facts.commitCount > facts.commits.length)
    evidence.push({ kind: "unread-commits", listed: facts.commits.length, total: facts.commitCount });
  return { evidence, starters: commits.starters, unknownCoAuthors: commits.unknownCoAuthors };
}

/** Commits by an agent's account, or whose message names one; and the people those commits credit. */
function commitEvidence(
  commits: readonly CommitInfo[],
  agents: AgentDirectory,
): Omit<AgentDetection, "evidence"> & {
  evidence: Evidence[];
} {
  const evidence: Evidence[] = [];
  const starters = new Map<string, Starter>();
  const unknownCoAuthors: AgentDetection["unknownCoAuthors"] = [];
  for (const commit of commits) {
    const short = commit.sha.slice(0, 7);
    const found: Evidence[] = [];
    for (const role of ["author", "committer"] as const) {
      const person = commit[role];
      const agent =
        (person.login ? agents.byAccount(person.login) : undefined) ??
        agents.byEmail(person.email) ??
        (/\(aider\)$/.test(person.name) ? agents.byMarker("aider") : undefined);
      if (agent)
        found.push({
          kind: "commit-author",
          sha: commit.sha,
          login: person.login ?? person.name,
          role,
          agent: agent.name,
        });
    }
    const scanned = atOriginalLines(commit, scanText(commit.message, agents));
    const aider = /^aider: /.test(commit.message) ? agents.byMarker("aider") : undefined;
    if (aider)
      found.push({
        kind: "commit-line",
        sha: commit.sha,
        mention: { line: 1, text: commit.message.split("\n")[0]?.slice(0, 160) ?? "", agent: aider.name },
      });
    for (const mention of scanned.mentions) found.push({ kind: "commit-line", sha: commit.sha, mention });
    if (found.length === 0) continue;
    evidence.push(...found);
    // Whoever the agent's commit credits, or who committed a commit that names an agent, started it.
    for (const co of scanned.coAuthors) {
      if (co.login)
        starters.set(co.login.toLowerCase(), {
          login: co.login,
          because: `named as co-author of the agent's commit ${short}`,
        });
      else unknownCoAuthors.push({ ...co, sha: commit.sha });
    }
    for (const role of ["author", "committer"] as const) {
      const login = commit[role].login;
      if (
        !login ||
        commit[role].bot ||
        isBotLogin(login) ||
        agents.byAccount(login) ||
        login.toLowerCase() === WEB_FLOW
      )
        continue;
      if (!starters.has(login.toLowerCase()))
        starters.set(login.toLowerCase(), {
          login,
          because: `${role === "author" ? "authored" : "committed"} the agent's commit ${short}`,
        });
    }
  }
  return { evidence, starters: [...starters.values()], unknownCoAuthors };
}

/** The description as it is, and each earlier version GitHub kept; a version deleted from the history cannot be read. */
function descriptionEvidence(facts: AgentFacts, agents: AgentDirectory): Evidence[] {
  const evidence: Evidence[] = scanText(facts.body, agents).mentions.map((mention) => ({
    kind: "description",
    mention,
  }));
  const seen = new Set(evidence.map((e) => (e.kind === "description" ? e.mention.text : "")));
  for (const revision of facts.history?.revisions ?? []) {
    if (revision.text === null) {
      evidence.push({
        kind: "deleted-revision",
        editedAt: revision.editedAt,
        ...(revision.deletedBy ? { deletedBy: revision.deletedBy } : {}),
      });
      continue;
    }
    for (const mention of scanText(revision.text, agents).mentions) {
      if (seen.has(mention.text)) continue;
      seen.add(mention.text);
      evidence.push({ kind: "description", mention, editedAt: revision.editedAt });
    }
  }
  return evidence;
}

/** Lines as the whole commit message numbers them, when only its start and end were kept. */
function atOriginalLines(commit: CommitInfo, scanned: ReturnType<typeof scanText>): ReturnType<typeof scanText> {
  const cut = commit.cut;
  if (!cut) return scanned;
  const line = (n: number) => (n <= cut.headLines ? n : cut.tailFrom + (n - cut.headLines - 2));
  return {
    mentions: scanned.mentions.map((m) => ({ ...m, line: line(m.line) })),
    coAuthors: scanned.coAuthors.map((c) => ({ ...c, line: line(c.line) })),
  };
}
