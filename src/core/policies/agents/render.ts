import { code, escapeText, handle } from "../../render/markdown.js";
import type { Evidence } from "./detect.js";
import type { AgentVerdict } from "./verdict.js";

const MAX_EVIDENCE = 10;

/** The check's section on a pull request written by an agent: what that changes, and why Squadgate thinks so. */
export function agentLines(agents: AgentVerdict & { waived: boolean }): string[] {
  const n = agents.approvals;
  const head = agents.waived
    ? "- 🟡 Squadgate found signs that an AI agent wrote this pull request, but the agent policy is waived (see Waivers): each role needs its usual approvals."
    : `- 🤖 Squadgate treats this pull request as written by an AI agent: each required role needs at least ${n} human approval${n === 1 ? "" : "s"}; approvals by bots, and by whoever started the agent, do not count. Why:`;
  const shown = agents.evidence.slice(0, MAX_EVIDENCE).map((e) => `  - ${evidenceText(e)}`);
  const more = agents.evidence.length - shown.length;
  return [
    head,
    ...shown,
    ...(more > 0 ? [`  - … and ${more} more`] : []),
    ...agents.starters.map(
      (s) => `- ${handle(s.login)} started the agent (${escapeText(s.because)}): their approval does not count here.`,
    ),
    ...agents.notes.map((note) => `- ⚠️ ${escapeText(note)}`),
  ];
}

function evidenceText(e: Evidence): string {
  switch (e.kind) {
    case "author":
      return `it was opened by ${code(e.login)}, ${e.agent ? `an account of ${escapeText(e.agent)}` : "a bot"}`;
    case "commit-author":
      return `commit ${code(e.sha.slice(0, 7))} was ${e.role === "author" ? "authored" : "committed"} by ${code(e.login)} (${escapeText(e.agent)})`;
    case "commit-line":
      return `commit ${code(e.sha.slice(0, 7))}, line ${e.mention.line} of its message: ${code(e.mention.text)}`;
    case "pusher":
      return `${code(e.login)} (${escapeText(e.agent)}) pushed to the branch, as GitHub's activity log records`;
    case "description":
      return `${e.editedAt ? `an earlier version of the description (edited ${escapeText(e.editedAt)})` : "the description"}, line ${e.mention.line}: ${code(e.mention.text)}`;
    case "deleted-revision":
      return `a version of the description edited at ${escapeText(e.editedAt)} was deleted from its history${e.deletedBy ? ` by ${code(e.deletedBy)}` : ""}, so Squadgate cannot tell whether it named an agent`;
    case "unread-commits":
      return `GitHub lists only ${e.listed} of its ${e.total} commits, so the others could not be checked for an agent`;
  }
}
