import { Redis } from "ioredis";
import { createCompareCache } from "../github/changes-since.js";
import { createResponseCache } from "../github/conditional-requests.js";
import { createConfigAbsentCache } from "../github/repo-reader.js";
import type { GateCaches } from "../github/gate-snapshot.js";
import { createPusherCache } from "../github/pushers.js";
import { createRequiredCheckCache } from "../github/required-check.js";
import { createTeamCache } from "../github/team-members.js";
import { localCoordinator, type Coordinator } from "./keyed-lock.js";
import { scopeOf, type Metrics } from "./metrics.js";
import { redisCoordinator } from "./redis-lock.js";
import type { Settings } from "./settings.js";
import { sharedGateCaches } from "./shared-caches.js";

/** What a Squadgate process shares with its replicas, or keeps to itself without `REDIS_URL`. */
export interface Runtime {
  coordinator: Coordinator;
  caches: GateCaches;
  close(): Promise<void>;
}

/** One process's caches, as without Redis. */
export const localGateCaches = (): GateCaches => ({
  teams: createTeamCache(),
  compares: createCompareCache(),
  requiredChecks: createRequiredCheckCache(),
  pushers: createPusherCache(),
  responses: createResponseCache(),
  configAbsent: createConfigAbsentCache(),
});

/**
 * Builds the runtime from the settings: in-process turns and caches, or with `REDIS_URL` turns,
 * claims and caches shared through Redis. Connects before returning, so a wrong URL stops the
 * start instead of failing the first delivery.
 */
export async function createRuntime(settings: Settings, metrics?: Metrics): Promise<Runtime> {
  if (!settings.REDIS_URL)
    return { coordinator: localCoordinator(), caches: localGateCaches(), close: async () => undefined };
  const redis = new Redis(settings.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await redis.connect();
  const subscriber = redis.duplicate();
  // ioredis reconnects by itself; an outage fails the deliveries meanwhile, and they are redelivered.
  for (const client of [redis, subscriber])
    client.on("error", (error: Error) => console.error(JSON.stringify({ msg: "redis error", error: error.message })));
  const coordinator = redisCoordinator(redis, {
    ttlMs: settings.SQUADGATE_LOCK_TTL_S * 1000,
    waitMs: settings.SQUADGATE_LOCK_WAIT_S * 1000,
    prefix: settings.SQUADGATE_REDIS_PREFIX,
    onLockLost: (key) => metrics?.locksLost.inc({ scope: scopeOf(key) }),
  });
  const caches = await sharedGateCaches({ redis, subscriber, channel: `${settings.SQUADGATE_REDIS_PREFIX}:caches` });
  return {
    coordinator,
    caches,
    close: async () => {
      await subscriber.quit().catch(() => subscriber.disconnect());
      await coordinator.close();
    },
  };
}
