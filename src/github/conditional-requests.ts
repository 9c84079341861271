import { TtlCache } from "./ttl-cache.js";
import type { Octokit } from "./types.js";

/** A GET answer kept to be revalidated: while it has not changed GitHub answers 304, which is free. */
export interface KeptResponse {
  etag: string;
  url: string;
  /** What Octokit parsed (JSON, or the text of a raw file). */
  data: unknown;
  /** The headers a caller may read again (`link` drives pagination). */
  headers: Record<string, string>;
  size: number;
}

export type ResponseCache = TtlCache<KeptResponse>;

/**
 * Entries never go stale (GitHub revalidates each one), so the bounds only cap memory; an answer
 * over `MAX_KEPT_BYTES` (a page of files with very large patches) is not kept.
 */
export const createResponseCache = (): ResponseCache =>
  new TtlCache<KeptResponse>({
    ttlMs: 24 * 3_600_000,
    maxEntries: 20_000,
    maxBytes: 128 * 1024 * 1024,
    sizeOf: (kept) => kept.size,
  });
const MAX_KEPT_BYTES = 2 * 1024 * 1024;
const KEPT_HEADERS = ["content-type", "etag", "link", "last-modified"];
const RATE_HEADERS = [
  "x-ratelimit-limit",
  "x-ratelimit-remaining",
  "x-ratelimit-used",
  "x-ratelimit-reset",
  "x-ratelimit-resource",
];

/** What one event spent of the installation's REST budget, and what GitHub says is left of it. */
export interface Spend {
  /** Requests made, 304s included. */
  requests: number;
  /** Of those, answered 304 Not Modified: these do not count against the rate limit. */
  notModified: number;
  /** The core budget as the latest answer gave it. */
  remaining?: number;
  limit?: number;
  /** When the budget is refilled (epoch seconds). */
  reset?: number;
}

export const rateLimitedCost = (spend: Spend): number => spend.requests - spend.notModified;

/**
 * Below this share of the hour's budget Squadgate writes only what the gate needs (the check and
 * review requests) and defers refreshing its comments and the checklist.
 */
export const LOW_BUDGET_SHARE = 0.05;
const LOW_BUDGET_FLOOR = 100;

/** The budget when it is low, else undefined. */
export function lowBudget(spend: Spend | undefined): { remaining: number; reset?: number } | undefined {
  if (spend?.remaining === undefined) return undefined;
  const threshold = Math.max(LOW_BUDGET_FLOOR, (spend.limit ?? 5000) * LOW_BUDGET_SHARE);
  return spend.remaining < threshold
    ? { remaining: spend.remaining, ...(spend.reset !== undefined ? { reset: spend.reset } : {}) }
    : undefined;
}

const spends = new WeakMap<object, Spend>();

/** What this event's Octokit has spent so far (undefined when it is not metered). */
export const spendOf = (octokit: Octokit): Spend | undefined => spends.get(octokit);

type Options = { method?: string; url?: string; headers?: Record<string, string>; [key: string]: unknown };
type Answer = { status: number; url: string; headers: Record<string, string | number | undefined>; data: unknown };
interface Hookable {
  hook: {
    wrap(name: "request", wrapper: (request: (o: Options) => Promise<Answer>, o: Options) => Promise<Answer>): void;
  };
  request: { endpoint: { parse(o: Options): { method: string; url: string; headers: Record<string, string> } } };
}

/**
 * Makes one event's Octokit send `If-None-Match` with the ETag of every REST GET it has kept an
 * answer for, answer a 304 from the kept copy, and count what the event spends. Correct for any
 * route: a 304 means the resource has not changed since that answer. Answers are kept per
 * installation (what a token may see differs) and per media type (raw file or JSON).
 */
export function meterRequests(octokit: Octokit, input: { cache: ResponseCache; scope: string | number }): Spend {
  const spend: Spend = { requests: 0, notModified: 0 };
  spends.set(octokit, spend);
  const hookable = octokit as unknown as Hookable;
  hookable.hook.wrap("request", async (request, options) => {
    spend.requests++;
    const parsed = hookable.request.endpoint.parse(options);
    const cacheable = parsed.method === "GET" && !parsed.url.endsWith("/graphql");
    const key = cacheable ? `${input.scope}\n${parsed.headers["accept"] ?? ""}\n${parsed.url}` : undefined;
    const kept = key === undefined ? undefined : input.cache.get(key);
    // In place: Octokit's hook hands the inner request these very options, not the ones passed on.
    if (kept) options.headers = { ...options.headers, "if-none-match": kept.etag };
    try {
      const answer = await request(options);
      noteBudget(spend, answer.headers);
      if (key !== undefined) keep(input.cache, key, answer);
      return answer;
    } catch (error) {
      const response = (error as { status?: number; response?: Answer }).response;
      if (response) noteBudget(spend, response.headers);
      if (!kept || (error as { status?: number }).status !== 304) throw error;
      spend.notModified++;
      return {
        status: 200,
        url: kept.url,
        headers: { ...kept.headers, ...rateHeaders(response) },
        data: structuredClone(kept.data),
      };
    }
  });
  return spend;
}

function keep(cache: ResponseCache, key: string, answer: Answer): void {
  const etag = answer.headers["etag"];
  if (answer.status !== 200 || typeof etag !== "string") return;
  // Binary answers (artifact archives) are read once; only text and JSON are worth keeping.
  if (answer.data instanceof ArrayBuffer || answer.data === undefined) return;
  const size = typeof answer.data === "string" ? answer.data.length : JSON.stringify(answer.data).length;
  if (size > MAX_KEPT_BYTES) return;
  const headers = Object.fromEntries(
    KEPT_HEADERS.flatMap((name) => (answer.headers[name] === undefined ? [] : [[name, String(answer.headers[name])]])),
  );
  // A copy: callers may change what they were given, the next event must see GitHub's answer.
  cache.set(key, { etag, url: answer.url, data: structuredClone(answer.data), headers, size });
}

function rateHeaders(response: Answer | undefined): Record<string, string> {
  return Object.fromEntries(
    RATE_HEADERS.flatMap((name) =>
      response?.headers[name] === undefined ? [] : [[name, String(response.headers[name])]],
    ),
  );
}

function noteBudget(spend: Spend, headers: Answer["headers"]): void {
  const resource = headers["x-ratelimit-resource"];
  if (resource !== undefined && resource !== "core") return;
  const number = (name: string) => {
    const value = Number(headers[name]);
    return headers[name] === undefined || !Number.isFinite(value) ? undefined : value;
  };
  const remaining = number("x-ratelimit-remaining");
  if (remaining === undefined) return;
  spend.remaining = remaining;
  const limit = number("x-ratelimit-limit");
  const reset = number("x-ratelimit-reset");
  if (limit !== undefined) spend.limit = limit;
  if (reset !== undefined) spend.reset = reset;
}
