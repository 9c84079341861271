import { KeyedSerializer } from "../handlers/keyed-serializer.js";

/**
 * How Squadgate takes turns: work for one key (a pull request, or a head commit's check run) runs
 * one task at a time, and a reader can tell whether another task for the key ran since it looked.
 * One process uses `KeyedSerializer`; replicas share Redis (`redis-lock.ts`). Nothing here knows
 * GitHub: the keys are opaque strings.
 */
export interface KeyedLock {
  /** Runs `task` once no other task for `key` runs (in this process or, with Redis, any replica). */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /**
   * A mark for `key`: note it before reading state that tasks for the key write; inside your own
   * turn, a different mark means another task for the key ran (or was running) since, so read again.
   */
  mark(key: string): Promise<number>;
  /** Keys with work queued or running in this process. */
  readonly pending: number;
  /** Resolves when this process has nothing queued or running. */
  idle(): Promise<void>;
}

/** What replicas coordinate through besides turns: one-off claims (the redelivery job, a delivery redelivered once). */
export interface Coordinator {
  lock: KeyedLock;
  /** True for exactly one caller (process or replica) per `key` until `ttlMs` has passed. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Where this coordinator keeps its state, for logs and metrics. */
  readonly kind: "in-process" | "redis";
  close(): Promise<void>;
}

/** One process on its own: today's in-process turns, and claims kept in memory. */
export function localCoordinator(): Coordinator {
  const claims = new Map<string, number>();
  return {
    kind: "in-process",
    lock: new KeyedSerializer(),
    claim: async (key, ttlMs) => {
      const now = Date.now();
      for (const [k, until] of claims) if (until <= now) claims.delete(k);
      if (claims.has(key)) return false;
      claims.set(key, now + ttlMs);
      return true;
    },
    close: async () => undefined,
  };
}
