import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { rateLimitedCost, type Spend } from "../github/conditional-requests.js";
import type { KeyedLock } from "./keyed-lock.js";

/**
 * What `/metrics` shows, in Prometheus' format. Labels never carry a repository, a pull request or
 * a login: only event names, route templates, statuses and outcomes, so their number stays bounded.
 */
export interface Metrics {
  registry: Registry;
  deliveries: Counter<"event" | "outcome">;
  deliverySeconds: Histogram<"event">;
  /** Time spent in one turn: under a pull request's key this is the evaluation, its writes included. */
  turnSeconds: Histogram<"scope">;
  lockWaitSeconds: Histogram<"scope">;
  locksLost: Counter<"scope">;
  githubRequests: Counter<"method" | "route" | "status">;
  rateLimitRemaining: Gauge<"resource">;
  /** Per Squadgate event: requests that count against the installation's budget, and free 304s. */
  eventSpend: Counter<"event" | "cost">;
  redeliveries: Counter<"outcome">;
}

const SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "squadgate_" });
  const registers = [registry];
  return {
    registry,
    deliveries: new Counter({
      name: "squadgate_deliveries_total",
      help: "Webhook deliveries handled, by event and outcome (ok, error, rejected)",
      labelNames: ["event", "outcome"],
      registers,
    }),
    deliverySeconds: new Histogram({
      name: "squadgate_delivery_seconds",
      help: "Time from a delivery's arrival to the end of its work",
      labelNames: ["event"],
      buckets: SECONDS,
      registers,
    }),
    turnSeconds: new Histogram({
      name: "squadgate_evaluation_seconds",
      help: "Time spent in one turn: scope pull_request is a pull request's evaluation and writes; head_commit a check run write",
      labelNames: ["scope"],
      buckets: SECONDS,
      registers,
    }),
    lockWaitSeconds: new Histogram({
      name: "squadgate_lock_wait_seconds",
      help: "Time a task waited for its turn",
      labelNames: ["scope"],
      buckets: SECONDS,
      registers,
    }),
    locksLost: new Counter({
      name: "squadgate_locks_lost_total",
      help: "Turns whose Redis lock expired while they still worked (the holder was paused past the lock's lifetime)",
      labelNames: ["scope"],
      registers,
    }),
    githubRequests: new Counter({
      name: "squadgate_github_requests_total",
      help: "Requests to GitHub as the app made them (after Octokit's retries), by method, route template and final status",
      labelNames: ["method", "route", "status"],
      registers,
    }),
    rateLimitRemaining: new Gauge({
      name: "squadgate_github_rate_limit_remaining",
      help: "x-ratelimit-remaining of the latest GitHub response, by rate-limit resource",
      labelNames: ["resource"],
      registers,
    }),
    eventSpend: new Counter({
      name: "squadgate_event_github_requests_total",
      help: "GitHub requests per Squadgate event kind: cost rate_limited counts against the installation's budget, not_modified (304) does not",
      labelNames: ["event", "cost"],
      registers,
    }),
    redeliveries: new Counter({
      name: "squadgate_redeliveries_total",
      help: "Failed deliveries the redelivery job asked GitHub to send again (requested) or could not (error)",
      labelNames: ["outcome"],
      registers,
    }),
  };
}

/** Counts one event's spend (see `meterRequests`). */
export function observeSpend(metrics: Metrics, event: string, spend: Spend): void {
  metrics.eventSpend.inc({ event, cost: "rate_limited" }, rateLimitedCost(spend));
  metrics.eventSpend.inc({ event, cost: "not_modified" }, spend.notModified);
  if (spend.remaining !== undefined) metrics.rateLimitRemaining.set({ resource: "core" }, spend.remaining);
}

/** A lock key's kind: pull request (`owner/repo#n`), head commit (`owner/repo@sha`) or other. */
export const scopeOf = (key: string) =>
  key.includes("#") ? "pull_request" : key.includes("@") ? "head_commit" : "other";

/** The same lock, timing each wait for a turn and each turn. */
export function meteredLock(lock: KeyedLock, metrics: Metrics): KeyedLock {
  return {
    run: (key, task) => {
      const scope = scopeOf(key);
      const waiting = metrics.lockWaitSeconds.startTimer({ scope });
      return lock.run(key, async () => {
        waiting();
        const turn = metrics.turnSeconds.startTimer({ scope });
        try {
          return await task();
        } finally {
          turn();
        }
      });
    },
    mark: (key) => lock.mark(key),
    get pending() {
      return lock.pending;
    },
    idle: () => lock.idle(),
  };
}

type Receivable = { name: string; payload: unknown };
interface Webhooks {
  receive(event: Receivable): Promise<void>;
  verifyAndReceive(event: Receivable & { id: string; signature: string }): Promise<void>;
}

/**
 * Counts and times every delivery, however it arrives: through the webhook middleware or a
 * serverless handler (`verifyAndReceive`) or as an Action's event (`receive`). Returns a count of
 * deliveries under way, for graceful shutdown.
 */
export function instrumentDeliveries(webhooks: unknown, metrics: Metrics): { inFlight: () => number } {
  const hooks = webhooks as Webhooks;
  let inFlight = 0;
  const wrap =
    <E extends Receivable>(inner: (event: E) => Promise<void>) =>
    async (event: E) => {
      inFlight++;
      const done = metrics.deliverySeconds.startTimer({ event: event.name });
      try {
        await inner(event);
        metrics.deliveries.inc({ event: event.name, outcome: "ok" });
      } catch (error) {
        metrics.deliveries.inc({ event: event.name, outcome: isRejection(error) ? "rejected" : "error" });
        throw error;
      } finally {
        done();
        inFlight--;
      }
    };
  hooks.receive = wrap(hooks.receive.bind(hooks));
  hooks.verifyAndReceive = wrap(hooks.verifyAndReceive.bind(hooks));
  return { inFlight: () => inFlight };
}

/** A forged, unsigned or unparsable delivery: @octokit/webhooks marks those 400. */
export function isRejection(error: unknown): boolean {
  const errors = (error as { errors?: unknown[] } | undefined)?.errors ?? [error];
  return errors.some((e) => (e as { status?: number } | undefined)?.status === 400);
}
