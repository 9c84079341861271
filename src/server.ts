import type { IncomingMessage, ServerResponse } from "node:http";
import { run } from "probot";
import { createSquadgate } from "./index.js";
import { createMetrics } from "./runtime/metrics.js";
import { squadgateOctokit } from "./runtime/octokit.js";
import { startRedeliveryJob } from "./runtime/redelivery.js";
import { createRuntime } from "./runtime/runtime.js";
import { readSettings, redeliveryOptions } from "./runtime/settings.js";

/**
 * `npm start`: Squadgate's own server. Probot reads APP_ID, PRIVATE_KEY(_PATH), WEBHOOK_SECRET,
 * PORT, HOST, LOG_LEVEL, GHE_HOST, REDIS_URL... from the environment and verifies every webhook's
 * signature; Squadgate's own settings are in src/runtime/settings.ts. On top of Probot it
 * - takes turns per pull request with the other replicas and shares caches, given `REDIS_URL`;
 * - retries secondary rate limits a couple of times instead of dropping the write;
 * - answers `GET /healthz` for load balancers (503 while draining) and `GET /metrics` for Prometheus;
 * - asks GitHub to redeliver failed deliveries, once each (one replica at a time);
 * - on SIGTERM or SIGINT stops accepting deliveries and finishes the ones under way before exiting.
 */
const settings = readSettings();
const metrics = createMetrics();
const runtime = await createRuntime(settings, metrics);
const squadgate = createSquadgate({ lock: runtime.coordinator.lock, caches: runtime.caches, metrics });
let draining = false;
let redelivery: ReturnType<typeof startRedeliveryJob> | undefined;

const server = await run(
  (app, options) => {
    squadgate.app(app, options);
    options.addHandler((req: IncomingMessage, res: ServerResponse) => {
      if (req.method !== "GET") return false;
      const path = req.url?.split("?")[0];
      if (path === "/healthz") {
        const body = JSON.stringify({ status: draining ? "draining" : "ok", inFlight: squadgate.inFlight() });
        res.writeHead(draining ? 503 : 200, { "content-type": "application/json" }).end(body);
        return true;
      }
      if (path !== "/metrics") return false;
      void metrics.registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
      return true;
    });
    if (settings.SQUADGATE_REDELIVERY === "on") {
      const log = app.log.child({ name: "redelivery" });
      redelivery = startRedeliveryJob({
        appOctokit: () => app.auth(),
        coordinator: runtime.coordinator,
        options: redeliveryOptions(settings),
        metrics,
        log,
      });
    }
  },
  { Octokit: squadgateOctokit(metrics) },
);

async function shutdown(signal: string): Promise<void> {
  if (draining) return;
  draining = true;
  console.info(JSON.stringify({ msg: `${signal}: draining`, inFlight: squadgate.inFlight() }));
  try {
    redelivery?.stop();
    await server.stop();
    await squadgate.idle();
    await redelivery?.running();
    await runtime.close();
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
