import * as z from "zod";

/** A GitHub login; an app's bot account ends in `[bot]` (`copilot-swe-agent[bot]`). */
const ACCOUNT = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\[bot\])?$/;

const agentSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(60).describe("How the check names the agent"),
    accounts: z
      .array(
        z
          .string()
          .trim()
          .transform((login) => login.replace(/^@/, ""))
          .pipe(z.string().regex(ACCOUNT, 'a GitHub login, e.g. "acme-coder[bot]"')),
      )
      .default([])
      .describe("Its GitHub accounts: as the pull request's author, a commit's author or committer, a pusher"),
    emails: z
      .array(z.string().trim().toLowerCase().pipe(z.email()))
      .default([])
      .describe("Its commit e-mail addresses, as Co-authored-by trailers name them"),
    markers: z
      .array(z.string().trim().min(2).max(60))
      .default([])
      .describe('Its name as "Generated with <name>" lines and Assisted-by trailers write it'),
  })
  .refine((agent) => agent.accounts.length + agent.emails.length + agent.markers.length > 0, {
    message: "give at least one of accounts, emails or markers, or the agent can never be recognised",
  });

/**
 * Pull requests written by AI agents: their roles need more human approvals, the human who started
 * the agent never counts, and bots' approvals never count. Off unless configured.
 */
export const agentsSchema = z
  .strictObject({
    approvals: z
      .int()
      .min(1)
      .max(10)
      .default(2)
      .describe("Human approvals each required role needs on a pull request written by an agent"),
    bot_authors: z
      .boolean()
      .default(true)
      .describe("A pull request opened by any bot counts as written by an agent; false: only by a known agent"),
    builtin: z
      .boolean()
      .default(true)
      .describe("Recognise Squadgate's built-in agents (Copilot, Claude, Codex, Cursor, Devin, Jules, aider, ...)"),
    known: z.array(agentSchema).max(50).default([]).describe("Agents of your own, besides the built-in ones"),
  })
  .optional()
  .describe("Pull requests written by AI agents; off unless present");

export type AgentsConfig = NonNullable<z.output<typeof agentsSchema>>;
export type AgentConfig = AgentsConfig["known"][number];

/** The commented example `squadgate init` writes. */
export const AGENTS_EXAMPLE = [
  "# Pull requests written by AI agents (Copilot, Claude, Codex, Cursor, Devin, ...): each required role",
  "# needs this many human approvals; the human who started the agent and bots never count.",
  "# agents:",
  "#   approvals: 2",
  "#   known:                                  # agents of your own, besides the built-in ones",
  '#     - { name: Acme Coder, accounts: ["acme-coder[bot]"], markers: [Acme Coder] }',
];
