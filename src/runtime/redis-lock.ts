import { AsyncLocalStorage } from "node:async_hooks";
import type { Redis } from "ioredis";
import { Mutex } from "redis-semaphore";
import { KeyedSerializer } from "../handlers/keyed-serializer.js";
import type { Coordinator, KeyedLock } from "./keyed-lock.js";

export interface RedisLockOptions {
  /** How long a lock outlives a holder that stopped refreshing it (a dead replica). */
  ttlMs: number;
  /** How long a task waits for its turn before it fails (and its delivery with it). */
  waitMs: number;
  /** Called when a holder finds its lock expired under it (it was paused longer than `ttlMs`). */
  onLockLost?: (key: string) => void;
  /** Namespace of every Redis key, so several deployments can share one Redis. */
  prefix?: string;
}

/** Marks outlive any one turn by far; the in-process marks are kept as long. */
const MARK_TTL_MS = 30 * 60_000;
/** Polling for a busy lock: short enough not to add latency, long enough not to load Redis. */
const RETRY_MS = 25;

/**
 * Turns shared by every replica through one Redis. Tasks of one process still queue in arrival order
 * (`KeyedSerializer`), so at most one task per key and process polls Redis. Each turn holds a
 * `redis-semaphore` mutex that it refreshes while it works; a replica that dies stops refreshing, and
 * its lock expires after `ttlMs`.
 *
 * The mark counts acquisitions, not releases: a holder that dies never releases, yet whoever reads
 * after it must still read again. A mark noted while someone holds the key is -1, which no turn's
 * own mark equals, so that reader reads again too (the holder may write after the read).
 */
export class RedisKeyedLock implements KeyedLock {
  private readonly local = new KeyedSerializer();
  /** The keys the current async context holds, each with the acquisition count of its own turn. */
  private readonly held = new AsyncLocalStorage<ReadonlyMap<string, number>>();

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisLockOptions,
  ) {}

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.local.run(key, async () => {
      const options = {
        lockTimeout: this.options.ttlMs,
        acquireTimeout: this.options.waitMs,
        retryInterval: RETRY_MS,
        refreshInterval: 0,
      };
      const mutex = new Mutex(this.redis, this.lockKey(key), options);
      await mutex.acquire();
      const stopRefresh = this.keepAlive(key, mutex.identifier);
      try {
        const results = await this.redis.multi().incr(this.markKey(key)).pexpire(this.markKey(key), MARK_TTL_MS).exec();
        const count = Number(results?.[0]?.[1] ?? 0);
        const held = new Map(this.held.getStore() ?? []).set(key, count);
        return await this.held.run(held, task);
      } finally {
        stopRefresh();
        // Releasing a lock that expired meanwhile is a no-op; a failed release expires by itself.
        await mutex.release().catch(() => undefined);
      }
    });
  }

  /**
   * Extends the lock while its task runs. The library's own refresh timer lets a Redis error escape
   * as an unhandled rejection (swarthy/redis-semaphore#199), which would stop the process on a
   * Redis blip; refreshing through its documented "acquired externally" form keeps errors here.
   */
  private keepAlive(key: string, identifier: string): () => void {
    // One use each: after a successful `tryAcquire` the library counts the lock as its own acquisition.
    const refresher = () =>
      new Mutex(this.redis, this.lockKey(key), {
        identifier,
        acquiredExternally: true,
        lockTimeout: this.options.ttlMs,
        refreshInterval: 0,
      });
    let lost = false;
    const timer = setInterval(
      () => {
        void refresher()
          .tryAcquire()
          .then(
            (held) => {
              if (!held && !lost) {
                lost = true;
                this.options.onLockLost?.(key);
              }
            },
            () => undefined, // Redis unreachable: the lock lives until it expires; the next refresh may succeed
          );
      },
      Math.max(100, Math.round(this.options.ttlMs / 3)),
    );
    timer.unref();
    return () => clearInterval(timer);
  }

  async mark(key: string): Promise<number> {
    const own = this.held.getStore()?.get(key);
    if (own !== undefined) return own - 1;
    const results = await this.redis
      .multi()
      .get(this.markKey(key))
      .exists(`mutex:${this.lockKey(key)}`)
      .exec();
    const [count, busy] = [results?.[0]?.[1], results?.[1]?.[1]];
    return Number(busy) > 0 ? -1 : Number(count ?? 0);
  }

  get pending(): number {
    return this.local.pending;
  }

  idle(): Promise<void> {
    return this.local.idle();
  }

  private lockKey(key: string): string {
    return `${this.options.prefix ?? "squadgate"}:lock:${key}`;
  }

  private markKey(key: string): string {
    return `${this.options.prefix ?? "squadgate"}:mark:${key}`;
  }
}

/** Replicas coordinating through Redis: shared turns, and claims that hold across replicas. */
export function redisCoordinator(redis: Redis, options: RedisLockOptions): Coordinator {
  const prefix = options.prefix ?? "squadgate";
  return {
    kind: "redis",
    lock: new RedisKeyedLock(redis, options),
    claim: async (key, ttlMs) => (await redis.set(`${prefix}:claim:${key}`, "1", "PX", ttlMs, "NX")) === "OK",
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
