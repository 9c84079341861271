import type * as z from "zod";
import { signData, verifyData, type SigningScope } from "../signed-data.js";

/** A piece of hidden state as read back: not there, read, or there but unreadable (edited, forged, malformed). */
export type StateRead<T> = { status: "absent" } | { status: "ok"; value: T } | { status: "unreadable" };

/**
 * State Squadgate keeps on GitHub between events, having no database of its own: what it is,
 * where it lives, its schema, and whether it is signed. It travels in one HTML comment inside
 * text GitHub keeps (a check run's output, a comment, the description); reading and writing it go
 * through here and nowhere else.
 */
export interface HiddenState<T> {
  readonly name: string;
  /** Where on GitHub it lives, and who could edit it there. */
  readonly where: string;
  /**
   * Signed (HMAC with the app's secret, bound to one pull request) where people can edit the text:
   * an edited, hand-made or copied block reads as unreadable.
   */
  readonly signed: boolean;
  readonly schema: z.ZodType<T>;
  /** The HTML comment carrying `value`, to put in the text. */
  write(value: T, scope?: SigningScope): string;
  /** The value the text carries. */
  read(text: string | null | undefined, scope?: SigningScope): StateRead<T>;
}

interface Spec<T> {
  name: string;
  where: string;
  schema: z.ZodType<T>;
  /** The comment's opening, e.g. `<!-- squadgate:data `; the payload follows, then ` -->`. */
  open: string;
  /** The value sits under this key of the JSON (so several kinds of data can share one kind of block). */
  key?: string;
  /** Read the first block in the text rather than the last. */
  first?: boolean;
}

const CLOSE = " -->";

/** Plain base64 JSON, for text only this app can write (a check run's output) or whose forgery buys nothing. */
export function plainState<T>(spec: Spec<T>): HiddenState<T> {
  return {
    name: spec.name,
    where: spec.where,
    signed: false,
    schema: spec.schema,
    write: (value) =>
      `${spec.open}${Buffer.from(JSON.stringify(wrap(spec, value)), "utf8").toString("base64")}${CLOSE}`,
    read: (text) =>
      decode(spec, payloadIn(text, spec), (raw) => parseJson(Buffer.from(raw, "base64").toString("utf8"))),
  };
}

/** Signed JSON, for text people can edit (a comment, the description). */
export function signedState<T>(spec: Spec<T>): HiddenState<T> {
  const scopeOf = (scope: SigningScope | undefined) => {
    if (!scope) throw new Error(`${spec.name} is signed: it needs the pull request's signing scope`);
    return scope;
  };
  return {
    name: spec.name,
    where: spec.where,
    signed: true,
    schema: spec.schema,
    write: (value, scope) => `${spec.open}${signData(wrap(spec, value), scopeOf(scope))}${CLOSE}`,
    read: (text, scope) => decode(spec, payloadIn(text, spec), (raw) => verifyData(raw, scopeOf(scope))),
  };
}

const wrap = <T>(spec: Spec<T>, value: T): unknown => (spec.key ? { [spec.key]: value } : value);

function decode<T>(spec: Spec<T>, raw: string | undefined, parse: (raw: string) => unknown): StateRead<T> {
  if (raw === undefined) return { status: "absent" };
  const data = parse(raw);
  const value =
    spec.key && data !== null && typeof data === "object" ? (data as Record<string, unknown>)[spec.key] : data;
  const parsed = value === undefined ? undefined : spec.schema.safeParse(value);
  return parsed?.success ? { status: "ok", value: parsed.data } : { status: "unreadable" };
}

function payloadIn(text: string | null | undefined, spec: Spec<unknown>): string | undefined {
  if (!text) return undefined;
  const start = spec.first ? text.indexOf(spec.open) : text.lastIndexOf(spec.open);
  if (start < 0) return undefined;
  const end = text.indexOf(CLOSE, start);
  return end < 0 ? undefined : text.slice(start + spec.open.length, end);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The value, or `fallback` when the state is absent or unreadable. */
export const valueOr = <T>(read: StateRead<T>, fallback: T): T => (read.status === "ok" ? read.value : fallback);
