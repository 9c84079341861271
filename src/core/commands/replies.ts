import type { PullSnapshot } from "../pull/snapshot.js";
import { headSeenBy, type HeadStateRead } from "../gate/head-state.js";
import { code } from "../render/markdown.js";

export const NOT_ENABLED =
  "Squadgate is not enabled in this repository: there is no `.github/squadgate.yml` on the base branch.";
export const NOT_GATED = (reason: string) => `Squadgate does not gate this pull request right now (${reason}).`;
export const FIX_CONFIG_FIRST = "fix the Squadgate config errors listed in the check first.";

/**
 * Refuses a command about the pull request's code when its head is not one the commenter could
 * have seen: Squadgate first saw it after the comment was written (a push right after the comment
 * would otherwise swap what gets waived or evaluated). Undefined when the command may go on.
 */
export function headMovedReply(
  state: HeadStateRead,
  input: { pull: number; commentedAt: string; headSha: string },
): string | undefined {
  if (state.ok && headSeenBy(state.state, input.pull, new Date(input.commentedAt))) return undefined;
  return `the head of this pull request is now ${code(input.headSha.slice(0, 7))}, which Squadgate had not seen when you wrote your comment, so it may not be what you looked at. Look at the latest commits and comment again.`;
}

/** Why `/checklist` has nothing to put back, if it has not: a broken policy, checklists off, or none applying. */
export function checklistCommandReply(snapshot: PullSnapshot): { ok: boolean; reply: string } | undefined {
  if (!snapshot.policy) return { ok: false, reply: FIX_CONFIG_FIRST };
  if (!snapshot.checklist)
    return { ok: false, reply: "checklists are switched off in `.github/squadgate.yml` (`checklists.where: off`)." };
  if (snapshot.checklist.templates.length === 0)
    return {
      ok: true,
      reply: "no checklist applies: this pull request changes no AI asset with a checklist template.",
    };
  return undefined;
}
