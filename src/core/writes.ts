import type { ChecklistState } from "./checklists/state.js";
import type { Conclusion } from "./gate/decide.js";
import type { CheckOutput } from "./render/check-summary.js";
import type { StickyTopic } from "./render/sticky.js";

/**
 * What a decision asks GitHub to look like, as plain data. The shell's one writer applies each
 * only where GitHub does not already say it (review requests not yet made, a comment or
 * description whose text differs, a check whose digest differs, a label not yet there).
 */
export type Write =
  /** Ask these users and `org` teams (by slug) to review. */
  | { kind: "review-requests"; users: string[]; teams: string[] }
  /** Our one comment for a topic says `body`; `keepExisting` leaves a hand-edited one as evidence and starts anew. */
  | { kind: "sticky"; topic: StickyTopic; body: string; keepExisting?: boolean }
  /** The description holds the checklist: `text` was rendered onto `state.text`; undefined when it cannot fit. */
  | { kind: "description"; state: ChecklistState; text: string | undefined }
  /** The eval comment's results part (its banner and data are kept). */
  | { kind: "eval-results"; results: string }
  | { kind: "label"; name: string }
  /** The check run of a head commit, written in turn with the head's other writes. */
  | { kind: "check-run"; headSha: string; conclusion: Conclusion; output: CheckOutput; footerBranch?: string };
