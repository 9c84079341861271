/**
 * Sticky comments: one comment per topic, found again by a hidden marker on its first line and by
 * its author (our bot), then edited in place. Machine state, where a topic needs it, rides in one
 * hidden block written by its channel (`core/state/channels.ts`), so no comment text can break out of it.
 */

export type StickyTopic = "owners" | "help" | "record" | "eval" | "checklist";

export const markerOf = (topic: StickyTopic) => `<!-- squadgate:${topic} -->`;

export function withMarker(topic: StickyTopic, body: string): string {
  return `${markerOf(topic)}\n${body}`;
}

export interface CommentLike {
  id: number;
  body?: string | null;
  /** Who wrote it (its login). */
  author: string;
}

/**
 * Our comment for `topic`: the latest one whose body starts with the marker and that our bot wrote.
 * The latest, because a waiver record edited by hand is left in place as evidence and a new one
 * started after it.
 */
export function findSticky<C extends CommentLike>(
  comments: readonly C[],
  topic: StickyTopic,
  botLogin: string,
): C | undefined {
  const marker = markerOf(topic);
  return comments.findLast((c) => c.author.toLowerCase() === botLogin.toLowerCase() && c.body?.startsWith(marker));
}
