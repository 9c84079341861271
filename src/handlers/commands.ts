import type { Context } from "probot";
import type { CommandName } from "../core/commands/parse.js";
import type { SquadgateEvent } from "../core/events.js";
import { COMMAND_HELP, validateCommand, type ValidCommand } from "../core/commands/validate.js";
import { code } from "../core/render/markdown.js";
import { fetchPullRequest } from "../github/pull-request.js";
import type { Octokit } from "../github/types.js";
import { COMMANDS, type CommandContext, type CommandOutcome } from "./commands/index.js";
import { installationOf, type GateDeps } from "./gate.js";
import { pullRequestKey } from "./keyed-serializer.js";

/** Comment commands: check each, run it, and acknowledge them all with one reaction and at most one reply. */
export async function runCommands(
  context: Context,
  deps: GateDeps,
  event: Extract<SquadgateEvent, { kind: "commands" }>,
): Promise<void> {
  const { parsed, comment } = event;
  const { owner, repo } = context.repo();
  const installationId = installationOf(context);
  const log = context.log.child({ feature: "commands", repo: `${owner}/${repo}`, pr: event.pull });
  await deps.serializer.run(pullRequestKey(installationId, owner, repo, event.pull), async () => {
    const outcomes: { name: string; outcome: CommandOutcome }[] = [];
    const ctx = commandContext(context, deps, event);
    for (const command of parsed.commands) {
      const valid = validateCommand(command);
      const outcome = valid.ok ? await run(valid.command, ctx) : { ok: false, reply: valid.error };
      outcomes.push({ name: command.name, outcome });
    }
    if (parsed.commands.length === 0) {
      outcomes.push({ name: parsed.unknown[0] ?? "", outcome: { ok: false, reply: unknownHint(parsed.unknown) } });
    }
    await acknowledge(context.octokit, ctx, outcomes);
    log.info(
      { commands: outcomes.map((o) => ({ name: o.name, ok: o.outcome.ok })), by: comment.author },
      "commands handled",
    );
  });
}

function run(command: ValidCommand, ctx: CommandContext): Promise<CommandOutcome> {
  return COMMANDS[command.name](command as never, ctx);
}

function commandContext(
  context: Context,
  deps: GateDeps,
  event: Extract<SquadgateEvent, { kind: "commands" }>,
): CommandContext {
  const { owner, repo } = context.repo();
  const pull = { owner, repo, pull_number: event.pull };
  let pr: ReturnType<typeof fetchPullRequest> | undefined;
  return {
    octokit: context.octokit,
    repo: { owner, repo },
    pull,
    installationId: installationOf(context),
    deps,
    commenter: event.comment.author,
    comment: { id: event.comment.id, url: event.comment.url, createdAt: event.comment.createdAt },
    pullRequest: () => {
      pr ??= fetchPullRequest(context.octokit, pull);
      return pr;
    },
    forgetPullRequest: () => {
      pr = undefined;
    },
    now: () => new Date(),
  };
}

/** One reaction on the command comment; one reply only when there is something to say. */
async function acknowledge(
  octokit: Octokit,
  ctx: CommandContext,
  outcomes: { name: string; outcome: CommandOutcome }[],
) {
  const { owner, repo } = ctx.repo;
  const allOk = outcomes.every((o) => o.outcome.ok);
  await octokit.rest.reactions.createForIssueComment({
    owner,
    repo,
    comment_id: ctx.comment.id,
    content: allOk ? "+1" : "confused",
  });
  const replies = outcomes.filter((o) => o.outcome.reply).map((o) => o.outcome.reply as string);
  if (replies.length === 0) return;
  const login = ctx.commenter;
  const body =
    replies.length === 1 ? `@${login} ${replies[0]}` : `@${login}\n\n${replies.map((r) => `- ${r}`).join("\n")}`;
  await octokit.rest.issues.createComment({ owner, repo, issue_number: ctx.pull.pull_number, body });
}

function unknownHint(unknown: string[]): string {
  const known = (Object.keys(COMMAND_HELP) as CommandName[]).map((name) => code(`/${name}`)).join(", ");
  return `${code(unknown[0] ?? "")} is not a Squadgate command. Try ${known}; ${code("/help")} explains them.`;
}
