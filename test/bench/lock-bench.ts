/**
 * What taking turns costs: one uncontended turn (the lock, the mark counted, the release) and one
 * mark read, in one process and through a local redis-server. An evaluation takes two turns (its
 * pull request's, its head commit's) and reads two marks, besides 7 or more GitHub calls.
 */
import { performance } from "node:perf_hooks";
import { KeyedSerializer } from "../../src/handlers/keyed-serializer.js";
import type { KeyedLock } from "../../src/runtime/keyed-lock.js";
import { RedisKeyedLock } from "../../src/runtime/redis-lock.js";
import { startRedis } from "../helpers/redis-server.js";

export interface LockBenchResult {
  turns: number;
  inProcess: { turnUs: number; markUs: number };
  redis: { turnUs: number; markUs: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function measure(lock: KeyedLock, turns: number): Promise<{ turnUs: number; markUs: number }> {
  const turn: number[] = [];
  const mark: number[] = [];
  for (let i = 0; i < turns; i++) {
    const key = `acme/bench#${i % 50}`;
    let started = performance.now();
    await lock.mark(key);
    mark.push((performance.now() - started) * 1000);
    started = performance.now();
    await lock.run(key, async () => undefined);
    turn.push((performance.now() - started) * 1000);
  }
  return { turnUs: median(turn), markUs: median(mark) };
}

export async function benchLocks(turns = 2_000): Promise<LockBenchResult> {
  const redis = await startRedis();
  const client = redis.client();
  try {
    const inProcess = await measure(new KeyedSerializer(), turns);
    const shared = await measure(new RedisKeyedLock(client, { ttlMs: 30_000, waitMs: 10_000, prefix: "bench" }), turns);
    return { turns, inProcess, redis: shared };
  } finally {
    client.disconnect();
    await redis.stop();
  }
}
