import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { createCompareCache } from "../github/changes-since.js";
import { createResponseCache, type KeptResponse } from "../github/conditional-requests.js";
import { createConfigAbsentCache } from "../github/repo-reader.js";
import type { GateCaches } from "../github/gate-snapshot.js";
import { createPusherCache } from "../github/pushers.js";
import { createRequiredCheckCache } from "../github/required-check.js";
import { createTeamCache } from "../github/team-members.js";
import type { TtlCache } from "../github/ttl-cache.js";

/** How a cache's values travel as JSON. */
interface Codec<V> {
  encode(value: V): Promise<unknown> | unknown;
  decode(json: unknown): V;
}

type Message =
  | { from: string; cache: string; op: "set"; key: string; value: unknown }
  | { from: string; cache: string; op: "clear" };

/**
 * The gate's caches, shared by replicas. Each replica keeps its own in-memory caches, so a lookup
 * stays synchronous and the gate's code is unchanged; what one replica stores is published on a
 * Redis channel and stored by the others. A replica started later begins empty, and a message lost
 * costs a GitHub call, never a wrong answer.
 *
 * Only caches whose entries mean the same to every replica are shared: team members (per
 * installation, a minute), comparisons of two commits and who pushed to a head (they never change),
 * how a branch requires the check (an hour, only a note), GitHub answers kept for conditional
 * requests and branches without a config (both revalidated with GitHub before use). Eval caches
 * stay per replica.
 */
export async function sharedGateCaches(input: {
  redis: Redis;
  subscriber: Redis;
  channel: string;
}): Promise<GateCaches> {
  const from = randomUUID();
  const receivers = new Map<string, (message: Message) => void>();
  const publish = (message: Message) =>
    void input.redis.publish(input.channel, JSON.stringify(message)).catch(() => undefined);

  function share<V>(name: string, cache: TtlCache<V>, codec: Codec<V>): TtlCache<V> {
    const set = cache.set.bind(cache);
    const deleteWhere = cache.deleteWhere.bind(cache);
    receivers.set(name, (message) =>
      message.op === "set" ? set(message.key, codec.decode(message.value)) : deleteWhere(() => true),
    );
    cache.set = (key, value) => {
      set(key, value);
      void Promise.resolve(codec.encode(value)).then(
        (encoded) => publish({ from, cache: name, op: "set", key, value: encoded }),
        () => undefined, // a failed read is not shared
      );
    };
    // Others cannot run our predicate: they drop the whole cache, which is always safe.
    cache.deleteWhere = (matches) => {
      deleteWhere(matches);
      publish({ from, cache: name, op: "clear" });
    };
    return cache;
  }

  const caches: GateCaches = {
    teams: share("teams", createTeamCache(), { encode: (v) => [...v], decode: (j) => new Set(j as string[]) }),
    compares: share("compares", createCompareCache(), identity<readonly string[] | null>()),
    pushers: share("pushers", createPusherCache(), identity()),
    requiredChecks: share("requiredChecks", createRequiredCheckCache(), {
      encode: (v) => v,
      decode: (j) => Promise.resolve(j as never),
    }),
    // Each replica then answers 304s from what another read: an installation's budget is shared too.
    responses: share("responses", createResponseCache(), identity<KeptResponse>()),
    configAbsent: share("configAbsent", createConfigAbsentCache(), identity<true>()),
  };

  input.subscriber.on("message", (channel: string, text: string) => {
    if (channel !== input.channel) return;
    try {
      const message = JSON.parse(text) as Message;
      if (message.from !== from) receivers.get(message.cache)?.(message);
    } catch {
      // not ours
    }
  });
  await input.subscriber.subscribe(input.channel);
  return caches;
}

function identity<V>(): Codec<V> {
  return { encode: (v) => v, decode: (j) => j as V };
}
