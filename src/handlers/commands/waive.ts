import type { Config } from "../../config/schema.js";
import { NON_ROLE_WAIVER_TARGETS } from "../../core/policy.js";
import { renderWaiverRecord } from "../../core/render/record-comment.js";
import {
  addWaiver,
  endWaivers,
  evaluateWaivers,
  revokeWaiver,
  type Waiver,
  type WaiverRecord,
} from "../../core/waivers.js";
import type { GateDecision } from "../../core/gate/decide.js";
import { decideSnapshot, reconcileGate } from "../../github/gate.js";
import { signingScope, WAIVER_LABEL, type GateSnapshot } from "../../github/gate-snapshot.js";
import { upsertSticky } from "../../github/sticky-comment.js";
import {
  gatherFor,
  headMovedReply,
  NOT_ENABLED,
  NOT_GATED,
  type CommandContext,
  type CommandOutcome,
} from "./context.js";
import { mayWaive } from "./permissions.js";

type Ready = { snapshot: GateSnapshot & { policy: NonNullable<GateSnapshot["policy"]> } };

async function gatherPolicy(ctx: CommandContext): Promise<Ready | { outcome: CommandOutcome }> {
  // The record is read whatever the labels say: writing it from an empty start would lose its history.
  const gathered = await gatherFor(ctx, { readRecord: true });
  if (gathered.status === "not-enabled") return { outcome: { ok: false, reply: NOT_ENABLED } };
  if (gathered.status === "skipped") return { outcome: { ok: false, reply: NOT_GATED(gathered.reason) } };
  const { snapshot } = gathered;
  if (!snapshot.policy)
    return { outcome: { ok: false, reply: "fix the Squadgate config errors listed in the check first." } };
  // Without the label no waiver counts; writing the record puts the label back, so the waivers
  // still in force when it was removed are ended first.
  const labelled = snapshot.pr.labels.includes(WAIVER_LABEL);
  if (labelled) return { snapshot: snapshot as Ready["snapshot"] };
  const now = ctx.now();
  const statuses = evaluateWaivers(snapshot.record, {
    headSha: snapshot.headSha,
    now,
    changesSince: snapshot.changesSince,
  });
  const record = endWaivers(
    snapshot.record,
    now,
    new Set(statuses.filter((s) => s.state === "active").map((s) => s.waiver)),
  );
  return { snapshot: { ...snapshot, record } as Ready["snapshot"] };
}

/** Why `target` cannot be waived under this config, if it cannot. */
function unknownTarget(config: Config, target: string): string | undefined {
  const configured = target === "checklist" ? config.checklists.where !== "off" : config.evals !== undefined;
  if ((NON_ROLE_WAIVER_TARGETS as readonly string[]).includes(target)) {
    return configured
      ? undefined
      : `there is nothing to waive for \`${target}\`: it is not configured in \`.github/squadgate.yml\`.`;
  }
  if (config.roles[target]) return undefined;
  const roles =
    Object.keys(config.roles)
      .map((r) => `\`${r}\``)
      .join(", ") || "none";
  return `\`${target}\` is not a role here (roles: ${roles}), nor \`evals\` or \`checklist\`.`;
}

const refusal = (target: string) =>
  `you may not waive \`${target}\`: only those listed under \`waivers.allow.${target}\` in \`.github/squadgate.yml\` may, and never on their own pull request.`;

/** `/waive <target> <reason>`: put a waiver on the record and let the gate count it. */
export async function waive(command: { target: string; reason: string }, ctx: CommandContext): Promise<CommandOutcome> {
  const ready = await gatherPolicy(ctx);
  if ("outcome" in ready) return ready.outcome;
  const { snapshot } = ready;
  const { config } = snapshot.policy;
  const { target } = command;
  const unknown = unknownTarget(config, target);
  if (unknown) return { ok: false, reply: unknown };
  if (!(await mayWaive(ctx, config, target))) return { ok: false, reply: refusal(target) };
  const moved = headMovedReply(snapshot.head.state, ctx, snapshot.headSha);
  if (moved) return { ok: false, reply: moved };

  // A redelivered comment is already on the record: nothing more to write.
  if (snapshot.record.waivers.some((w) => w.id === String(ctx.comment.id) && w.target === target)) return { ok: true };
  const covered = coveredFiles(decideSnapshot(snapshot, ctx.now()), target);
  if (!covered)
    return { ok: false, reply: `\`${target}\` is not required on this pull request, so there is nothing to waive.` };

  const at = new Date(ctx.comment.createdAt);
  const hours = config.waivers.expire_after_hours;
  const waiver: Waiver = {
    id: String(ctx.comment.id),
    target,
    reason: command.reason,
    by: ctx.commenter,
    at: at.toISOString(),
    headSha: snapshot.headSha,
    covers: covered,
    // New commits mean new eval results: an eval waiver holds for this commit only.
    coversAll: target === "evals",
    ...(hours ? { expiresAt: new Date(at.getTime() + hours * 3_600_000).toISOString() } : {}),
    commentUrl: ctx.comment.url,
  };
  await recordAndReconcile(ctx, snapshot, addWaiver(snapshot.record, waiver));
  return { ok: true };
}

/**
 * The files a waiver of `target` covers: those that make the role required; for the checklist,
 * every changed AI asset; for evals, none (it ends with any new commit). Undefined when the target
 * asks nothing of this pull request.
 */
function coveredFiles(decision: GateDecision, target: string): string[] | undefined {
  if (target === "checklist")
    return decision.checklist?.missing.length ? decision.assets.map((a) => a.path) : undefined;
  if (target === "evals") return decision.evals?.reason ? [] : undefined;
  return decision.requirements.find((r) => r.role === target)?.files;
}

/** `/unwaive <target>`: take the target's waiver back, keeping it on the record as taken back. */
export async function unwaive(command: { target: string }, ctx: CommandContext): Promise<CommandOutcome> {
  const ready = await gatherPolicy(ctx);
  if ("outcome" in ready) return ready.outcome;
  const { snapshot } = ready;
  const current = snapshot.record.waivers.findLast((w) => w.target === command.target);
  if (!current || current.revoked)
    return { ok: false, reply: `there is no waiver of \`${command.target}\` to take back.` };
  const ownWaiver = current.by.toLowerCase() === ctx.commenter.toLowerCase();
  if (!ownWaiver && !(await mayWaive(ctx, snapshot.policy.config, command.target)))
    return { ok: false, reply: refusal(command.target) };
  const record = revokeWaiver(snapshot.record, command.target, ctx.commenter, ctx.now());
  if (record) await recordAndReconcile(ctx, snapshot, record);
  return { ok: true };
}

/** Writes the record comment and the waiver label, then re-decides the gate with the new record. */
async function recordAndReconcile(ctx: CommandContext, snapshot: GateSnapshot, record: WaiverRecord): Promise<void> {
  await upsertSticky(ctx.octokit, {
    repo: ctx.repo,
    issueNumber: ctx.pull.pull_number,
    topic: "record",
    body: renderWaiverRecord(
      { ...record, writtenAt: ctx.now().toISOString() },
      signingScope({ owner: ctx.pull.owner, repo: ctx.pull.repo, number: ctx.pull.pull_number }, ctx.deps.secret),
    ),
    botLogin: await ctx.deps.botLogin(),
    ...(snapshot.comments ? { comments: snapshot.comments } : {}),
    ...(snapshot.recordTampered ? { keepExisting: true } : {}),
  });
  if (!snapshot.pr.labels.includes(WAIVER_LABEL)) {
    await ctx.octokit.rest.issues.addLabels({
      ...ctx.repo,
      issue_number: ctx.pull.pull_number,
      labels: [WAIVER_LABEL],
    });
    ctx.forgetPullRequest(); // a later command in the same comment must see the label
  }
  await reconcileGate(ctx.octokit, { ...snapshot, record }, ctx.now());
}
