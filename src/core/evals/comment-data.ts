import * as z from "zod";

/**
 * What the eval comment remembers between events: recent `/eval` dispatches, for the cooldown and
 * one run per commit, and which commit the results shown are for, so older ones never replace them.
 */
export const evalCommentDataSchema = z.strictObject({
  version: z.literal(1),
  resultsSha: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .optional(),
  dispatches: z
    .array(
      z.strictObject({
        sha: z.string().regex(/^[0-9a-f]{40}$/),
        at: z.iso.datetime(),
        by: z.string().max(60),
        done: z.boolean().default(false),
      }),
    )
    .max(20),
});
export type EvalCommentData = z.output<typeof evalCommentDataSchema>;
export const EMPTY_EVAL_DATA: EvalCommentData = { version: 1, dispatches: [] };
