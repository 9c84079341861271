import { createHash } from "node:crypto";

/**
 * GitHub's conditional requests and primary rate limit, as the fake GitHub answers them: a 200 GET
 * carries an `ETag` derived from its body; the same GET sent with `If-None-Match: <that ETag>` is
 * answered 304 with no body, and a 304 costs nothing against the rate limit.
 */

/** A weak validator of a body: the same bytes give the same ETag, any change gives another. */
export function etagOf(body: string): string {
  return `W/"${createHash("sha1").update(body, "utf8").digest("hex")}"`;
}

/** Whether an `If-None-Match` header names this ETag (weak comparison, as for GET; `*` names any). */
export function notModified(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const wanted = opaque(etag);
  return [ifNoneMatch]
    .flat()
    .flatMap((header) => header.split(","))
    .some((tag) => tag.trim() === "*" || opaque(tag) === wanted);
}

/** GitHub's rate-limit resources the fake meters: REST (`core`) and GraphQL, each its own budget. */
export type RateResource = "core" | "graphql";

const HOUR_MS = 3_600_000;

/**
 * The app's hourly budgets (one for the whole fake, as one installation has), reported on every answer
 * as GitHub's `x-ratelimit-*` headers. Each answer but a 304 spends one; the budgets refill when the
 * hour is over. The fake does not refuse requests once a budget is spent: it reports 0.
 */
export class RateBudget {
  readonly limit = 5000;
  private remaining = new Map<RateResource, number>();
  private resetAt = Date.now() + HOUR_MS;

  /** Spends one request of a resource's budget, unless it was answered 304; the headers to answer with. */
  spend(resource: RateResource, status: number): Record<string, string> {
    this.refillIfOver();
    const left = this.left(resource);
    if (status !== 304) this.remaining.set(resource, Math.max(0, left - 1));
    return this.headers(resource);
  }

  /** The headers of a resource's budget as it is now. */
  headers(resource: RateResource): Record<string, string> {
    const left = this.left(resource);
    return {
      "x-ratelimit-limit": String(this.limit),
      "x-ratelimit-remaining": String(left),
      "x-ratelimit-used": String(this.limit - left),
      "x-ratelimit-reset": String(Math.ceil(this.resetAt / 1000)),
      "x-ratelimit-resource": resource,
    };
  }

  left(resource: RateResource): number {
    this.refillIfOver();
    return this.remaining.get(resource) ?? this.limit;
  }

  /** Sets what is left of a resource's budget this hour (0 to the limit). */
  set(resource: RateResource, remaining: number): void {
    this.refillIfOver();
    this.remaining.set(resource, Math.min(this.limit, Math.max(0, Math.floor(remaining))));
  }

  /** Full budgets and a new hour. */
  refill(): void {
    this.remaining.clear();
    this.resetAt = Date.now() + HOUR_MS;
  }

  private refillIfOver(): void {
    if (Date.now() >= this.resetAt) this.refill();
  }
}
