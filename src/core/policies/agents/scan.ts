import { type AgentDirectory, noreplyLogin } from "./known.js";

/** A line of a commit message or of the description that names an agent. */
export interface Mention {
  /** 1-based line in the text. */
  line: number;
  /** The line as written (trimmed, cut to 160 characters). */
  text: string;
  agent: string;
}

/** A person a Co-authored-by trailer names, and their GitHub login when the address gives it. */
export interface CoAuthor {
  line: number;
  name: string;
  email?: string;
  login?: string;
}

const TRAILER = /^\s*(co-authored-by|assisted-by|ai-assisted-by|generated-by|replit-commit-author)\s*:(.*)$/i;
const IDENTITY = /^([^<>]*)<([^<>\s]+)>$/;
const MAX_QUOTE = 160;
/**
 * Only the start of a line is read: trailers and "Generated with" lines are short, and commit
 * messages come from whoever opened the pull request, so no pattern ever runs over a huge line.
 */
const MAX_LINE = 1_000;

/**
 * The agents a text names, line by line: Co-authored-by, Assisted-by (the Linux kernel's
 * `AGENT:MODEL`), Generated-by and Replit-Commit-Author trailers, and "Generated with <agent>" lines
 * (Claude Code's "🤖 Generated with [Claude Code](…)"). Co-authors who are not agents are people:
 * they are returned apart, with their login when GitHub's noreply address gives it.
 */
export function scanText(text: string, agents: AgentDirectory): { mentions: Mention[]; coAuthors: CoAuthor[] } {
  const mentions: Mention[] = [];
  const coAuthors: CoAuthor[] = [];
  const generated = generatedPattern(agents);
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((whole, i) => {
    const raw = whole.slice(0, MAX_LINE);
    const line = i + 1;
    const quote = () => raw.trim().slice(0, MAX_QUOTE);
    const trailer = TRAILER.exec(raw);
    if (trailer) {
      const key = (trailer[1] as string).toLowerCase();
      const found = trailerAgent(key, (trailer[2] as string).trim(), agents);
      if (found.agent) mentions.push({ line, text: quote(), agent: found.agent });
      else if (key === "co-authored-by" && found.person) coAuthors.push({ line, ...found.person });
      return;
    }
    const marker = generated?.exec(raw);
    const agent = marker ? agents.byMarker(marker[1] as string) : undefined;
    if (agent) mentions.push({ line, text: quote(), agent: agent.name });
  });
  return { mentions, coAuthors };
}

/** The agent a trailer names, or the person it credits. */
function trailerAgent(
  key: string,
  value: string,
  agents: AgentDirectory,
): { agent?: string; person?: Omit<CoAuthor, "line"> } {
  if (key === "replit-commit-author") {
    const replit = /^(agent|assistant)$/i.test(value) ? agents.byMarker("Replit Agent") : undefined;
    return replit ? { agent: replit.name } : {};
  }
  const identity = IDENTITY.exec(value);
  const email = identity?.[2]?.toLowerCase();
  const name = (identity ? (identity[1] as string) : value).trim();
  const byEmail = email ? agents.byEmail(email) : undefined;
  // Kernel style: "Claude:claude-3-opus", or aider's "aider (gpt-4o)": the agent is the part before.
  const head = name.split(/[:(]/)[0]?.trim() ?? "";
  const byName = agents.byAccount(name) ?? (key === "co-authored-by" && email ? undefined : agents.byMarker(head));
  const agent = byEmail ?? byName;
  if (agent) return { agent: agent.name };
  const login = email ? noreplyLogin(email) : undefined;
  if (!name && !email) return {};
  return { person: { name, ...(email ? { email } : {}), ...(login ? { login } : {}) } };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** "Generated with/by/using <marker>", the marker possibly in a link's brackets; longest markers first. */
function generatedPattern(agents: AgentDirectory): RegExp | undefined {
  if (agents.markers.length === 0) return undefined;
  const names = agents.markers.map((m) => escapeRegExp(m.marker)).join("|");
  return new RegExp(`\\bgenerated\\s+(?:with|by|using)\\s+\\[?(${names})(?![A-Za-z0-9])`, "i");
}
