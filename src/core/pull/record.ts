import type { Problem } from "../../config/problems.js";
import { WAIVER_RECORD } from "../state/channels.js";
import type { SigningScope } from "../signed-data.js";
import { EMPTY_RECORD, isRewrittenRecord, type WaiverRecord } from "../waivers.js";
import type { CommentEditor, PullFacts } from "./facts.js";
import { recordComment, type PullContext } from "./needs.js";

/** Signed state in the pull request's text is bound to this secret and this pull request. */
export const signingScope = (pull: PullContext["pull"], secret: string): SigningScope => ({
  secret,
  pullRequest: `${pull.owner}/${pull.repo}#${pull.number}`.toLowerCase(),
});

export interface RecordRead {
  record: WaiverRecord;
  /** The record comment was edited by hand: the next record goes into a new comment, leaving it as evidence. */
  tampered: boolean;
  problems: Problem[];
  /** The record verifies; who last edited its comment decides whether it counts (read it, by this node id). */
  editorNeeded?: string;
}

/**
 * The waiver record from our own sticky comment. It counts only when its signed data verifies and
 * nobody but our bot edited the comment since (GitHub records the last editor): someone with write
 * access could otherwise paste an earlier genuine record back, to revive a waiver taken back. One
 * that fails either counts as none, and the check says so.
 */
export function readWaiverRecord(facts: PullFacts, ctx: PullContext, hasWaivers: boolean): RecordRead {
  const comment = hasWaivers ? recordComment(facts, ctx) : undefined;
  if (!comment?.body) return { record: EMPTY_RECORD, tampered: false, problems: [] };
  const read = WAIVER_RECORD.read(comment.body, signingScope(ctx.pull, ctx.secret));
  const record = read.status === "ok" ? read.value : undefined;
  const verifies = record && !isRewrittenRecord(record, comment.updatedAt) && comment.nodeId;
  if (record && verifies && facts.recordEditor === undefined)
    return { record: EMPTY_RECORD, tampered: false, problems: [], editorNeeded: comment.nodeId as string };
  if (record && verifies && editedByUs(facts.recordEditor ?? null, ctx.botLogin))
    return { record, tampered: false, problems: [] };
  const message =
    "the waiver record comment was edited by hand or is damaged, so no waiver on it counts; it is kept as it is, and the next /waive starts a new record";
  return { record: EMPTY_RECORD, tampered: true, problems: [{ severity: "warning", file: "waiver record", message }] };
}

/** Whether `editor` is our bot (`squadgate[bot]` over REST is the Bot `squadgate` over GraphQL). */
export const editedByUs = (editor: CommentEditor, botLogin: string): boolean =>
  editor === null || (editor.bot && `${editor.login}[bot]`.toLowerCase() === botLogin.toLowerCase());
