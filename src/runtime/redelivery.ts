import type { Octokit } from "../github/types.js";
import type { Coordinator } from "./keyed-lock.js";
import type { Metrics } from "./metrics.js";

export interface RedeliveryOptions {
  everyMs: number;
  /** Deliveries older than this are left alone. */
  maxAgeMs: number;
  /** At most this many redeliveries per run. */
  max: number;
}

interface Delivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status_code: number;
  event: string;
  action?: string | null;
}

type Log = { info: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void };

/** Listing stops after this many pages (100 deliveries each), whatever their age. */
const MAX_PAGES = 10;
/** GitHub keeps deliveries for 3 days: a delivery's "redelivered" claim must outlive that. */
const CLAIM_DELIVERY_MS = 3 * 86_400_000;

/**
 * GitHub never redelivers a failed delivery by itself, and a lost delivery leaves a check stale.
 * This asks GitHub to send again each failed delivery of the last `maxAgeMs`, once: a delivery is
 * left alone when any attempt with its GUID succeeded or was already a redelivery, and when another
 * replica (or an earlier run) claimed it. Needs the app's own JWT (`app.auth()`), not an
 * installation token. Returns the ids it asked GitHub to redeliver.
 */
export async function redeliverFailed(
  octokit: Octokit,
  input: { coordinator: Coordinator; maxAgeMs: number; max: number; now: Date; metrics?: Metrics; log?: Log },
): Promise<number[]> {
  const since = input.now.getTime() - input.maxAgeMs;
  const seen: Delivery[] = [];
  let pages = 0;
  for await (const page of octokit.paginate.iterator(octokit.rest.apps.listWebhookDeliveries, { per_page: 100 })) {
    const deliveries = page.data as Delivery[];
    seen.push(...deliveries);
    // Newest first: once a page reaches past the window, older pages cannot matter.
    if (++pages >= MAX_PAGES || deliveries.some((d) => Date.parse(d.delivered_at) < since)) break;
  }
  const settled = new Set(seen.filter((d) => d.redelivery || succeeded(d)).map((d) => d.guid));
  const failed = seen.filter(
    (d) => !d.redelivery && !succeeded(d) && !settled.has(d.guid) && Date.parse(d.delivered_at) >= since,
  );
  const done: number[] = [];
  for (const delivery of failed.reverse()) {
    if (done.length >= input.max) break;
    if (!(await input.coordinator.claim(`redelivered:${delivery.guid}`, CLAIM_DELIVERY_MS))) continue;
    try {
      await octokit.rest.apps.redeliverWebhookDelivery({ delivery_id: delivery.id });
      input.metrics?.redeliveries.inc({ outcome: "requested" });
      done.push(delivery.id);
    } catch (error) {
      input.metrics?.redeliveries.inc({ outcome: "error" });
      input.log?.warn({ delivery: delivery.guid, err: error }, "could not ask GitHub to redeliver");
    }
  }
  if (done.length > 0 || failed.length > 0)
    input.log?.info(
      { scanned: seen.length, failed: failed.length, redelivered: done.length },
      "failed deliveries redelivered",
    );
  return done;
}

const succeeded = (d: Delivery) => d.status_code >= 200 && d.status_code < 300;

/**
 * Runs `redeliverFailed` every `everyMs`, on one replica per period: each run first claims the
 * period, so replicas started together do not all list deliveries. Errors are logged, never thrown.
 */
export function startRedeliveryJob(input: {
  appOctokit: () => Promise<Octokit>;
  coordinator: Coordinator;
  options: RedeliveryOptions;
  metrics?: Metrics;
  log: Log & { error: (obj: object, msg: string) => void };
}): { stop(): void; running(): Promise<void> } {
  let current: Promise<void> = Promise.resolve();
  const tick = () => {
    current = (async () => {
      const period = Math.floor(Date.now() / input.options.everyMs);
      if (!(await input.coordinator.claim(`redelivery-run:${period}`, input.options.everyMs))) return;
      const octokit = await input.appOctokit();
      await redeliverFailed(octokit, {
        ...input,
        maxAgeMs: input.options.maxAgeMs,
        max: input.options.max,
        now: new Date(),
      });
    })().catch((error: unknown) => input.log.error({ err: error }, "redelivery job failed"));
  };
  const timer = setInterval(tick, input.options.everyMs);
  // Soon after start too: catch up on what was missed while no replica was up.
  const first = setTimeout(tick, Math.min(input.options.everyMs, 10_000));
  timer.unref();
  first.unref();
  return {
    stop: () => {
      clearInterval(timer);
      clearTimeout(first);
    },
    running: () => current,
  };
}
