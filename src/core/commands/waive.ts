import type { Config } from "../../config/schema.js";
import type { GateDecision } from "../gate/decide.js";
import type { HeadStateRead } from "../gate/head-state.js";
import { isRoleTarget } from "../../config/names.js";
import { WAIVER_LABEL } from "../state/channels.js";
import { signingScope } from "../pull/record.js";
import { renderWaiverRecord } from "../render/record-comment.js";
import { addWaiver, endWaivers, evaluateWaivers, type Waiver, type WaiverRecord } from "../waivers.js";
import type { ChangesSince } from "../gate/types.js";
import type { Write } from "../writes.js";
import { headMovedReply } from "./replies.js";

/** What a waiver command replies, and the record to write when it changes one. */
export type WaiverOutcome = { ok: boolean; reply?: string; record?: WaiverRecord };

/** Why `target` cannot be waived under this config, if it cannot. */
export function unknownTarget(config: Config, target: string): string | undefined {
  const configured =
    target === "checklist"
      ? config.checklists.where !== "off"
      : target === "agents"
        ? config.agents !== undefined
        : config.evals !== undefined;
  if (!isRoleTarget(target)) {
    return configured
      ? undefined
      : `there is nothing to waive for \`${target}\`: it is not configured in \`.github/squadgate.yml\`.`;
  }
  if (config.roles[target]) return undefined;
  const roles =
    Object.keys(config.roles)
      .map((r) => `\`${r}\``)
      .join(", ") || "none";
  return `\`${target}\` is not a role here (roles: ${roles}), nor \`evals\`, \`checklist\` or \`agents\`.`;
}

export const waiveRefusal = (target: string) =>
  `you may not waive \`${target}\`: only those listed under \`waivers.allow.${target}\` in \`.github/squadgate.yml\` may, and never on their own pull request, nor on one an AI agent they started wrote.`;

/** Whoever started the agent that wrote the pull request waives nothing on it, as they approve nothing on it. */
const startedTheAgent = (decision: GateDecision, login: string) =>
  decision.agents?.starters.some((s) => s.login.toLowerCase() === login.toLowerCase()) === true;

/**
 * The record as a waiver command must start from. Without the label no waiver counts; writing the
 * record puts the label back, so the waivers still in force when it was removed are ended first.
 */
export function recordToAmend(
  record: WaiverRecord,
  input: { labelled: boolean; headSha: string; changesSince: ChangesSince; now: Date },
): WaiverRecord {
  if (input.labelled) return record;
  const statuses = evaluateWaivers(record, input);
  return endWaivers(record, input.now, new Set(statuses.filter((s) => s.state === "active").map((s) => s.waiver)));
}

/** `/waive <target> <reason>` for a known target, once the commenter's standing is known. */
export function decideWaive(
  command: { target: string; reason: string },
  facts: {
    config: Config;
    record: WaiverRecord;
    /** The decision with `record` in force: what the target asks of this pull request. */
    decision: GateDecision;
    headSha: string;
    head: HeadStateRead;
    pull: number;
    comment: { id: number; url: string; createdAt: string; author: string };
    allowed: boolean;
  },
): WaiverOutcome {
  const { target } = command;
  const { comment, config } = facts;
  if (!facts.allowed || startedTheAgent(facts.decision, comment.author))
    return { ok: false, reply: waiveRefusal(target) };
  const moved = headMovedReply(facts.head, {
    pull: facts.pull,
    commentedAt: comment.createdAt,
    headSha: facts.headSha,
  });
  if (moved) return { ok: false, reply: moved };
  // A redelivered comment is already on the record: nothing more to write.
  if (facts.record.waivers.some((w) => w.id === String(comment.id) && w.target === target)) return { ok: true };
  const covered = coveredFiles(facts.decision, target);
  if (!covered)
    return { ok: false, reply: `\`${target}\` is not required on this pull request, so there is nothing to waive.` };
  const at = new Date(comment.createdAt);
  const hours = config.waivers.expire_after_hours;
  const waiver: Waiver = {
    id: String(comment.id),
    target,
    reason: command.reason,
    by: comment.author,
    at: at.toISOString(),
    headSha: facts.headSha,
    covers: covered,
    // New commits mean new eval results, or more of the agent's work: such a waiver holds for this commit only.
    coversAll: target === "evals" || target === "agents",
    ...(hours ? { expiresAt: new Date(at.getTime() + hours * 3_600_000).toISOString() } : {}),
    commentUrl: comment.url,
  };
  return { ok: true, record: addWaiver(facts.record, waiver) };
}

/**
 * The files a waiver of `target` covers: those that make the role required; for the checklist,
 * every changed AI asset; for evals and agents, none (it ends with any new commit). Undefined when
 * the target asks nothing of this pull request.
 */
export function coveredFiles(decision: GateDecision, target: string): string[] | undefined {
  if (target === "checklist")
    return decision.checklist?.missing.length ? decision.assets.map((a) => a.path) : undefined;
  if (target === "evals") return decision.evals?.reason ? [] : undefined;
  if (target === "agents") return decision.agents && decision.requirements.length > 0 ? [] : undefined;
  return decision.requirements.find((r) => r.role === target)?.files;
}

/** The waiver `/unwaive` would take back, or why there is none; its giver may always take it back. */
export function waiverToTakeBack(
  record: WaiverRecord,
  target: string,
  commenter: string,
): { reply: string } | { ownWaiver: boolean } {
  const current = record.waivers.findLast((w) => w.target === target);
  if (!current || current.revoked) return { reply: `there is no waiver of \`${target}\` to take back.` };
  return { ownWaiver: current.by.toLowerCase() === commenter.toLowerCase() };
}

/** The record comment (signed for this pull request) and the label that makes it count. */
export function recordWrites(
  record: WaiverRecord,
  input: {
    pull: { owner: string; repo: string; number: number };
    secret: string;
    labelled: boolean;
    tampered: boolean;
    now: Date;
  },
): Write[] {
  const body = renderWaiverRecord(
    { ...record, writtenAt: input.now.toISOString() },
    signingScope(input.pull, input.secret),
  );
  return [
    { kind: "sticky", topic: "record", body, ...(input.tampered ? { keepExisting: true } : {}) },
    ...(input.labelled ? [] : [{ kind: "label", name: WAIVER_LABEL } as const]),
  ];
}
