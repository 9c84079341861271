import { signData, verifyData, type SigningScope } from "../signed-data.js";

/**
 * Sticky comments: one comment per topic, found again by a hidden marker on its first line and by
 * its author (our bot), then edited in place. Machine state, where a topic needs it, rides in one
 * hidden base64 JSON block so no comment text can break out of the HTML comment.
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

const DATA_PREFIX = "<!-- squadgate:data ";
const SIGNED_PREFIX = "<!-- squadgate:signed ";

export function embedData(data: unknown): string {
  return `${DATA_PREFIX}${Buffer.from(JSON.stringify(data), "utf8").toString("base64")} -->`;
}

/** The embedded JSON, or undefined when absent or unreadable (validate the shape separately). */
export function extractData(body: string): unknown {
  const raw = embedded(body, DATA_PREFIX);
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(raw, "base64").toString("utf8"));
  } catch {
    return undefined;
  }
}

/** State whose forgery would matter (a waiver), signed for this pull request. */
export function embedSignedData(data: unknown, scope: SigningScope): string {
  return `${SIGNED_PREFIX}${signData(data, scope)} -->`;
}

/** The signed JSON: undefined when absent, or when edited, copied or made by hand. */
export function extractSignedData(body: string, scope: SigningScope): unknown {
  return verifyData(embedded(body, SIGNED_PREFIX), scope);
}

function embedded(body: string, prefix: string): string | undefined {
  const start = body.lastIndexOf(prefix);
  if (start < 0) return undefined;
  const end = body.indexOf(" -->", start);
  return end < 0 ? undefined : body.slice(start + prefix.length, end);
}
