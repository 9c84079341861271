import { FIX_CONFIG_FIRST } from "../../core/commands/replies.js";
import {
  decideWaive,
  recordToAmend,
  recordWrites,
  unknownTarget,
  waiveRefusal,
  waiverToTakeBack,
} from "../../core/commands/waive.js";
import { WAIVER_LABEL } from "../../core/state/channels.js";
import { revokeWaiver, type WaiverRecord } from "../../core/waivers.js";
import { applyWrites } from "../../github/apply-writes.js";
import { decideSnapshot, reconcileGate } from "../../github/gate.js";
import type { GateSnapshot } from "../../github/gate-snapshot.js";
import { gatherOrReply, isReply, type CommandContext, type CommandOutcome } from "./context.js";
import { commenterMayWaive } from "./permissions.js";

type Ready = GateSnapshot & { policy: NonNullable<GateSnapshot["policy"]> };

/** The gate's view with the record a waiver command starts from (read whatever the labels say). */
async function gatherPolicy(ctx: CommandContext): Promise<Ready | CommandOutcome> {
  // The record is read whatever the labels say: writing it from an empty start would lose its history.
  const snapshot = await gatherOrReply(ctx, { readRecord: true });
  if (isReply(snapshot)) return snapshot;
  if (!snapshot.policy) return { ok: false, reply: FIX_CONFIG_FIRST };
  const record = recordToAmend(snapshot.record, { ...snapshot, labelled: labelled(snapshot), now: ctx.now() });
  return { ...snapshot, policy: snapshot.policy, record };
}

const labelled = (snapshot: GateSnapshot) => snapshot.pr.labels.includes(WAIVER_LABEL);

/** `/waive <target> <reason>`: put a waiver on the record and let the gate count it. */
export async function waive(command: { target: string; reason: string }, ctx: CommandContext): Promise<CommandOutcome> {
  const snapshot = await gatherPolicy(ctx);
  if (isReply(snapshot)) return snapshot;
  const { config } = snapshot.policy;
  const unknown = unknownTarget(config, command.target);
  if (unknown) return { ok: false, reply: unknown };
  const outcome = decideWaive(command, {
    config,
    record: snapshot.record,
    decision: decideSnapshot(snapshot, ctx.now()),
    headSha: snapshot.headSha,
    head: snapshot.head.state,
    pull: ctx.pull.pull_number,
    comment: { ...ctx.comment, author: ctx.commenter },
    allowed: await commenterMayWaive(ctx, config, command.target),
  });
  if (outcome.record) await recordAndReconcile(ctx, snapshot, outcome.record);
  return { ok: outcome.ok, ...(outcome.reply ? { reply: outcome.reply } : {}) };
}

/** `/unwaive <target>`: take the target's waiver back, keeping it on the record as taken back. */
export async function unwaive(command: { target: string }, ctx: CommandContext): Promise<CommandOutcome> {
  const snapshot = await gatherPolicy(ctx);
  if (isReply(snapshot)) return snapshot;
  const found = waiverToTakeBack(snapshot.record, command.target, ctx.commenter);
  if ("reply" in found) return { ok: false, reply: found.reply };
  if (!found.ownWaiver && !(await commenterMayWaive(ctx, snapshot.policy.config, command.target)))
    return { ok: false, reply: waiveRefusal(command.target) };
  const record = revokeWaiver(snapshot.record, command.target, ctx.commenter, ctx.now());
  if (record) await recordAndReconcile(ctx, snapshot, record);
  return { ok: true };
}

/** Writes the record comment and the waiver label, then re-decides the gate with the new record. */
async function recordAndReconcile(ctx: CommandContext, snapshot: GateSnapshot, record: WaiverRecord): Promise<void> {
  const writes = recordWrites(record, {
    pull: { owner: ctx.pull.owner, repo: ctx.pull.repo, number: ctx.pull.pull_number },
    secret: ctx.deps.secret,
    labelled: labelled(snapshot),
    tampered: snapshot.recordTampered === true,
    now: ctx.now(),
  });
  const target = {
    pull: ctx.pull,
    botLogin: ctx.deps.botLogin,
    ...(snapshot.comments ? { comments: snapshot.comments } : {}),
  };
  await applyWrites(ctx.octokit, target, writes);
  if (!labelled(snapshot)) ctx.forgetPullRequest(); // a later command in the same comment must see the label
  await reconcileGate(ctx.octokit, { ...snapshot, record }, ctx.now());
}
