import type { Context, Probot } from "probot";
import { parseCommands, type CommandName } from "../core/commands/parse.js";
import { COMMAND_HELP, validateCommand, type ValidCommand } from "../core/commands/validate.js";
import { code } from "../core/render/markdown.js";
import { fetchPullRequest } from "../github/pull-request.js";
import type { Octokit } from "../github/types.js";
import { COMMANDS, type CommandContext, type CommandOutcome } from "./commands/index.js";
import type { GateDeps } from "./gate.js";
import { pullRequestKey } from "./keyed-serializer.js";

type CommentContext = Context<"issue_comment.created">;

/**
 * `issue_comment.created` on pull requests: parse, check, run, acknowledge. Edited and deleted
 * comments are never subscribed to, so they cannot re-run a command; comments by bots (ours or
 * another app's) are ignored, so apps cannot talk each other into loops.
 */
export function registerCommands(app: Probot, deps: GateDeps): void {
  app.on("issue_comment.created", async (context: CommentContext) => {
    const { issue, comment } = context.payload;
    if (!issue.pull_request || context.isBot || comment.user?.type === "Bot") return;
    const parsed = parseCommands(comment.body ?? "");
    if (parsed.commands.length === 0 && parsed.unknown.length === 0) return;

    const { owner, repo } = context.repo();
    const installationId = context.payload.installation?.id ?? 0;
    const log = context.log.child({ feature: "commands", repo: `${owner}/${repo}`, pr: issue.number });
    await deps.serializer.run(pullRequestKey(installationId, owner, repo, issue.number), async () => {
      const outcomes: { name: string; outcome: CommandOutcome }[] = [];
      const ctx = commandContext(context, deps, installationId);
      for (const command of parsed.commands) {
        const valid = validateCommand(command);
        const outcome = valid.ok ? await run(valid.command, ctx) : { ok: false, reply: valid.error };
        outcomes.push({ name: command.name, outcome });
      }
      if (parsed.commands.length === 0) {
        outcomes.push({ name: parsed.unknown[0] ?? "", outcome: { ok: false, reply: unknownHint(parsed.unknown) } });
      }
      await acknowledge(context.octokit, context, outcomes);
      log.info(
        { commands: outcomes.map((o) => ({ name: o.name, ok: o.outcome.ok })), by: comment.user?.login },
        "commands handled",
      );
    });
  });
}

function run(command: ValidCommand, ctx: CommandContext): Promise<CommandOutcome> {
  return COMMANDS[command.name](command as never, ctx);
}

function commandContext(context: CommentContext, deps: GateDeps, installationId: number): CommandContext {
  const { owner, repo } = context.repo();
  const { issue, comment } = context.payload;
  let pr: ReturnType<typeof fetchPullRequest> | undefined;
  return {
    octokit: context.octokit,
    repo: { owner, repo },
    pull: { owner, repo, pull_number: issue.number },
    installationId,
    deps,
    commenter: comment.user?.login ?? "",
    comment: { id: comment.id, url: comment.html_url, createdAt: comment.created_at },
    pullRequest: () => (pr ??= fetchPullRequest(context.octokit, { owner, repo, pull_number: issue.number })),
    forgetPullRequest: () => {
      pr = undefined;
    },
    now: () => new Date(),
  };
}

/** One reaction on the command comment; one reply only when there is something to say. */
async function acknowledge(
  octokit: Octokit,
  context: CommentContext,
  outcomes: { name: string; outcome: CommandOutcome }[],
) {
  const { owner, repo } = context.repo();
  const allOk = outcomes.every((o) => o.outcome.ok);
  await octokit.rest.reactions.createForIssueComment({
    owner,
    repo,
    comment_id: context.payload.comment.id,
    content: allOk ? "+1" : "confused",
  });
  const replies = outcomes.filter((o) => o.outcome.reply).map((o) => o.outcome.reply as string);
  if (replies.length === 0) return;
  const login = context.payload.comment.user?.login ?? "";
  const body =
    replies.length === 1 ? `@${login} ${replies[0]}` : `@${login}\n\n${replies.map((r) => `- ${r}`).join("\n")}`;
  await octokit.rest.issues.createComment({ owner, repo, issue_number: context.payload.issue.number, body });
}

function unknownHint(unknown: string[]): string {
  const known = (Object.keys(COMMAND_HELP) as CommandName[]).map((name) => code(`/${name}`)).join(", ");
  return `${code(unknown[0] ?? "")} is not a Squadgate command. Try ${known}; ${code("/help")} explains them.`;
}
