import type { ChecklistEdit } from "./checklists/state.js";
import type { CommandParse } from "./commands/parse.js";
import type { RunFacts } from "./evals/runs.js";

/**
 * What a webhook delivery asks of Squadgate, once read: every delivery that is not skipped becomes
 * exactly one of these, for one target (a pull request, a head commit, a merge group, a branch or a
 * team).
 * `src/handlers/triggers.ts` is the one table that says which webhook becomes which event.
 */
export type SquadgateEvent =
  /** Judge one pull request again: it was opened, pushed to, reviewed, re-based, or its checklist edited. */
  | {
      kind: "refresh";
      pull: number;
      baseRef: string;
      headSha: string;
      checklistEdit?: ChecklistEdit;
      /** Take a passing verdict back first, saying why (the pull request moved to another base). */
      pendingBecause?: string;
    }
  /** Someone ticked our checklist comment: the pull request's base and head are read in its turn. */
  | { kind: "checklist-comment"; pull: number; edit: ChecklistEdit }
  /** Comment commands, parsed from a new comment on a pull request. */
  | { kind: "commands"; pull: number; parsed: CommandParse; comment: CommandComment }
  /** The waiver label was removed: the waivers then in force end, on the record. */
  | { kind: "waiver-label-removed"; pull: number; baseRef: string; headSha: string }
  /** "Re-run" on our check run: judge the pull requests at its head again. */
  | { kind: "rerun"; headSha: string; pulls: readonly { number: number; baseRef: string }[] | undefined }
  /** A run of a workflow changed state; it matters when it is the eval workflow. */
  | { kind: "workflow-run"; run: RunFacts; path: string; completed: boolean; defaultBranch: string }
  /** A merge queue asks for our check on a merge group's commit. */
  | { kind: "merge-group"; branch: string; headSha: string; headRef: string }
  /** A push to a branch whose policy files may have changed: `paths` absent when the push may change anything. */
  | { kind: "policy-push"; branch: string; before: string; after: string; paths?: readonly string[] }
  /** Someone joined or left a team (`org/slug`): roles it stands for may now be approved, or no longer. */
  | { kind: "team-change"; team: string };

/** The comment that carried commands. */
export interface CommandComment {
  id: number;
  url: string;
  createdAt: string;
  author: string;
}

/** A webhook's reading: the event it becomes, or why Squadgate has nothing to do. */
export type Trigger = { event: SquadgateEvent } | { skip: string };

export const skip = (reason: string): Trigger => ({ skip: reason });
export const trigger = (event: SquadgateEvent): Trigger => ({ event });
