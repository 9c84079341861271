import type { AgentConfig, AgentsConfig } from "../../../config/agents-schema.js";

/**
 * AI coding agents as they show up on GitHub: the accounts they open pull requests, commit and push
 * as, the addresses their Co-authored-by trailers use, and the names their "Generated with" lines
 * and Assisted-by trailers write. Matched exactly (case-insensitive), never as a word inside a name:
 * "Claude", "Devin" and "Jules" are people's names too, and "cursor" is a word. An address GitHub
 * gives an account (`<id>+<login>@users.noreply.github.com`) is matched by its login.
 */
export const BUILTIN_AGENTS: readonly AgentConfig[] = [
  {
    name: "GitHub Copilot",
    accounts: ["Copilot", "copilot-swe-agent[bot]", "copilot[bot]"],
    emails: ["copilot@github.com"],
    markers: ["Copilot", "GitHub Copilot"],
  },
  {
    name: "Claude",
    accounts: ["claude[bot]", "anthropic-claude[bot]", "claude-code-action[bot]"],
    emails: ["noreply@anthropic.com"],
    markers: ["Claude", "Claude Code"],
  },
  {
    name: "OpenAI Codex",
    accounts: ["chatgpt-codex-connector[bot]", "openai-codex[bot]"],
    emails: ["codex@openai.com", "noreply@openai.com"],
    markers: ["Codex", "OpenAI Codex"],
  },
  {
    name: "Cursor",
    accounts: ["cursor[bot]", "cursoragent[bot]"],
    emails: ["cursoragent@cursor.com"],
    markers: ["Cursor", "Cursor Agent"],
  },
  { name: "Devin", accounts: ["devin-ai-integration[bot]"], emails: [], markers: ["Devin", "Devin AI"] },
  { name: "Jules", accounts: ["google-labs-jules[bot]"], emails: [], markers: ["Jules"] },
  {
    name: "Gemini",
    accounts: ["gemini-code-assist[bot]", "gemini-cli[bot]"],
    emails: [],
    markers: ["Gemini", "Gemini CLI", "Gemini Code Assist"],
  },
  { name: "Amazon Q Developer", accounts: ["amazon-q-developer[bot]"], emails: [], markers: ["Amazon Q"] },
  { name: "aider", accounts: [], emails: ["aider@aider.chat", "noreply@aider.chat"], markers: ["aider"] },
  { name: "Amp", accounts: [], emails: ["amp@ampcode.com"], markers: ["Amp"] },
  { name: "Cline", accounts: ["cline[bot]"], emails: [], markers: ["Cline"] },
  { name: "Continue", accounts: ["continue[bot]"], emails: [], markers: [] },
  { name: "Sourcegraph Cody", accounts: ["sourcegraph-cody[bot]"], emails: [], markers: [] },
  { name: "JetBrains AI", accounts: ["jetbrains-ai[bot]"], emails: [], markers: ["JetBrains AI", "Junie"] },
  { name: "Windsurf", accounts: ["windsurf-bot[bot]"], emails: [], markers: ["Windsurf"] },
  { name: "Sweep", accounts: ["sweep-ai[bot]"], emails: [], markers: ["Sweep"] },
  { name: "Replit Agent", accounts: [], emails: [], markers: ["Replit Agent"] },
  { name: "OpenHands", accounts: [], emails: ["openhands@all-hands.dev"], markers: ["OpenHands"] },
];

export interface AgentDirectory {
  /** The agent whose account `login` is. */
  byAccount(login: string): AgentConfig | undefined;
  /** The agent an e-mail address belongs to, directly or as its account's GitHub noreply address. */
  byEmail(email: string): AgentConfig | undefined;
  /** The agent named exactly `name` by one of its markers. */
  byMarker(name: string): AgentConfig | undefined;
  /** Every marker, longest first (for "Generated with …"). */
  markers: readonly { marker: string; agent: AgentConfig }[];
}

/** The agents a config recognises: the built-in ones (unless switched off) and its own. */
export function agentDirectory(config: AgentsConfig): AgentDirectory {
  const agents = [...(config.builtin ? BUILTIN_AGENTS : []), ...config.known];
  const index = (keys: (a: AgentConfig) => readonly string[]) => {
    const map = new Map<string, AgentConfig>();
    for (const agent of agents) for (const key of keys(agent)) map.set(key.toLowerCase(), agent);
    return map;
  };
  const accounts = index((a) => a.accounts);
  const emails = index((a) => a.emails);
  const markers = index((a) => a.markers);
  const byAccount = (login: string) => accounts.get(login.toLowerCase());
  return {
    byAccount,
    byEmail: (email) => {
      const address = email.toLowerCase();
      const login = noreplyLogin(address);
      return emails.get(address) ?? (login ? byAccount(login) : undefined);
    },
    byMarker: (name) => markers.get(name.trim().toLowerCase()),
    markers: agents
      .flatMap((agent) => agent.markers.map((marker) => ({ marker, agent })))
      .sort((a, b) => b.marker.length - a.marker.length),
  };
}

/** The login GitHub's noreply address stands for: `12345+octocat@users.noreply.github.com` is octocat. */
export function noreplyLogin(email: string): string | undefined {
  return /^(?:\d+\+)?([A-Za-z0-9-]+(?:\[bot\])?)@users\.noreply\.github\.com$/i.exec(email.trim())?.[1];
}

/** Whether a login is an app's bot account (`…[bot]`); GitHub's Copilot agent is the bot `Copilot`. */
export const isBotLogin = (login: string): boolean => /\[bot\]$/i.test(login);
