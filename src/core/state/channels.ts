import { tickRecordSchema } from "../checklists/ticks.js";
import { headStateSchema } from "../gate/head-state.js";
import { evalCommentDataSchema } from "../evals/comment-data.js";
import { waiverRecordSchema } from "../waivers.js";
import { plainState, signedState } from "./hidden-state.js";

/**
 * Everything Squadgate remembers between events, and where. Nothing else is kept: every event
 * reads these back from GitHub, so any replica can serve any delivery.
 */

/** Per pull request at a head commit: when Squadgate first saw it there, and its eval verdict. */
export const HEAD_STATE = plainState({
  name: "head state",
  where: "the output text of the Squadgate check run on the head commit, which only this app can write",
  schema: headStateSchema,
  open: "<!-- squadgate:data ",
  key: "head",
});

/** Recent `/eval` dispatches (for the cooldown and one run per commit) and which commit the shown results are for. */
export const EVAL_COMMENT_DATA = plainState({
  name: "eval comment data",
  where: "the eval comment; an edit can only make Squadgate refuse or repeat an /eval, never count results",
  schema: evalCommentDataSchema,
  open: "<!-- squadgate:data ",
});

/** Every waiver given on the pull request, as given. */
export const WAIVER_RECORD = signedState({
  name: "waiver record",
  where: "the waiver record comment, which anyone with write access can edit (and GitHub records who did)",
  schema: waiverRecordSchema,
  open: "<!-- squadgate:signed ",
});

/** Who ticked which role item of the checklist. */
export const TICK_RECORD = signedState({
  name: "checklist ticks",
  where: "the checklist section (the description or the checklist comment), which the author can edit",
  schema: tickRecordSchema,
  open: "<!-- sg:ticks ",
  first: true,
});

/** Put on a pull request while it has waivers on record, so other events know to read the record. */
export const WAIVER_LABEL = "squadgate: waiver";

/** The table the README's Development section describes. */
export const HIDDEN_STATE = [HEAD_STATE, EVAL_COMMENT_DATA, WAIVER_RECORD, TICK_RECORD] as const;
