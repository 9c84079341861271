import { z } from "zod";

const count = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);
const onOff = (fallback: "on" | "off") => z.enum(["on", "off"]).default(fallback);

/**
 * Squadgate's own environment variables (Probot reads its own: APP_ID, PRIVATE_KEY, WEBHOOK_SECRET,
 * PORT, HOST, LOG_LEVEL, GHE_HOST, REDIS_URL...). The README's deployment table lists both; a test
 * keeps the two in step.
 */
export const settingsSchema = z.object({
  /** Several replicas: turns, claims and caches are shared through this Redis (Probot's throttling too). */
  REDIS_URL: z.string().min(1).optional(),
  /** Namespace of Squadgate's Redis keys, for deployments that share one Redis. */
  SQUADGATE_REDIS_PREFIX: z.string().min(1).default("squadgate"),
  /** A replica that dies holding a pull request's turn blocks it this long at most. */
  SQUADGATE_LOCK_TTL_S: count(30),
  /** A delivery waits this long for its pull request's turn, then fails (and is redelivered later). */
  SQUADGATE_LOCK_WAIT_S: count(300),
  /** The redelivery job: failed deliveries are asked again from GitHub, once each. */
  SQUADGATE_REDELIVERY: onOff("on"),
  SQUADGATE_REDELIVERY_EVERY_S: count(300, 5),
  /** Deliveries older than this are left alone (GitHub keeps them 3 days). */
  SQUADGATE_REDELIVERY_MAX_AGE_S: count(6 * 3600, 60),
  /** At most this many redeliveries per run, so an outage's backlog comes back gradually. */
  SQUADGATE_REDELIVERY_MAX: count(50),
  /** Signs checklist tick records and the waiver record; WEBHOOK_SECRET when unset. */
  SQUADGATE_SECRET: z.string().min(1).optional(),
});

export type Settings = z.output<typeof settingsSchema>;

/** Reads the settings, or throws one message naming every bad variable. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const known = Object.fromEntries(
    Object.keys(settingsSchema.shape).flatMap((key) => (env[key] ? [[key, env[key]]] : [])),
  );
  const parsed = settingsSchema.safeParse(known);
  if (!parsed.success) throw new Error(`Squadgate's environment is invalid:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The redelivery job's bounds, in milliseconds. */
export const redeliveryOptions = (settings: Settings) => ({
  everyMs: settings.SQUADGATE_REDELIVERY_EVERY_S * 1000,
  maxAgeMs: settings.SQUADGATE_REDELIVERY_MAX_AGE_S * 1000,
  max: settings.SQUADGATE_REDELIVERY_MAX,
});
