import type { IncomingMessage, ServerResponse } from "node:http";
import { ProbotOctokit, run } from "probot";
import { createSquadgate } from "./index.js";

/**
 * `npm start`: Squadgate's own server. Probot reads APP_ID, PRIVATE_KEY(_PATH), WEBHOOK_SECRET,
 * PORT, HOST, LOG_LEVEL, GHE_HOST... from the environment and verifies every webhook's signature.
 * On top of Probot's defaults it
 * - retries secondary rate limits (403/429 with retry-after) a couple of times instead of dropping
 *   the write, through Octokit's throttling plugin;
 * - answers `GET /healthz` for load balancers (503 while draining);
 * - on SIGTERM or SIGINT stops accepting deliveries and finishes the ones under way before exiting.
 */
const RATE_LIMIT_RETRIES = 2;

const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => {
  const throttle = (options["throttle"] ?? {}) as Record<string, unknown>;
  const retryLimited =
    (kind: string) =>
    (
      retryAfter: number,
      request: { method: string; url: string },
      octokit: { log: { warn: (msg: string) => void } },
      retryCount: number,
    ) => {
      octokit.log.warn(
        `${kind} rate limit on ${request.method} ${request.url}; retry ${retryCount + 1} in ${retryAfter}s`,
      );
      return retryCount < RATE_LIMIT_RETRIES;
    };
  return {
    ...options,
    throttle: { ...throttle, onRateLimit: retryLimited("Primary"), onSecondaryRateLimit: retryLimited("Secondary") },
  };
});

const squadgate = createSquadgate();
let draining = false;

const server = await run(
  (app, options) => {
    squadgate.app(app, options);
    options.addHandler((req: IncomingMessage, res: ServerResponse) => {
      if (req.method !== "GET" || req.url?.split("?")[0] !== "/healthz") return false;
      const body = JSON.stringify({ status: draining ? "draining" : "ok", inFlight: squadgate.inFlight() });
      res.writeHead(draining ? 503 : 200, { "content-type": "application/json" }).end(body);
      return true;
    });
  },
  { Octokit },
);

async function shutdown(signal: string): Promise<void> {
  if (draining) return;
  draining = true;
  console.info(JSON.stringify({ msg: `${signal}: draining`, inFlight: squadgate.inFlight() }));
  try {
    await server.stop();
    await squadgate.idle();
    console.info(JSON.stringify({ msg: "stopped" }));
    process.exit(0);
  } catch (error) {
    console.error(JSON.stringify({ msg: "error while stopping", error: String(error) }));
    process.exit(1);
  }
}

process.removeAllListeners("SIGINT"); // Probot's own handler exits without waiting for deliveries
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
