import type { ApplicationFunctionOptions, Probot } from "probot";
import { createAppIdentity } from "./github/app-identity.js";
import type { Spend } from "./github/conditional-requests.js";
import type { GateCaches } from "./github/gate-snapshot.js";
import { createEvalCaches } from "./handlers/evals.js";
import type { GateDeps } from "./handlers/gate.js";
import { KeyedSerializer } from "./handlers/keyed-serializer.js";
import { registerTriggers } from "./handlers/register.js";
import type { KeyedLock } from "./runtime/keyed-lock.js";
import { instrumentDeliveries, meteredLock, observeSpend, type Metrics } from "./runtime/metrics.js";
import { localGateCaches } from "./runtime/runtime.js";

export interface SquadgateApp {
  /** The Probot application function. */
  app: (app: Probot, options?: ApplicationFunctionOptions) => void;
  /** Resolves once every delivery under way has finished (graceful shutdown waits for it). */
  idle(): Promise<void>;
  /** Deliveries under way. */
  inFlight(): number;
}

/** What a deployment shares with its replicas (src/runtime); absent, one process keeps its own. */
export interface SquadgateOptions {
  lock?: KeyedLock;
  caches?: GateCaches;
  metrics?: Metrics;
}

/** Squadgate's composition root: the trigger table registered once, state shared by this process (or its replicas). */
export function createSquadgate(options: SquadgateOptions = {}): SquadgateApp {
  const lock = options.lock ?? new KeyedSerializer();
  const serializer = options.metrics ? meteredLock(lock, options.metrics) : lock;
  let deliveries = { inFlight: () => 0 };
  return {
    app: (app) => {
      if (options.metrics) deliveries = instrumentDeliveries(app.webhooks, options.metrics);
      const identity = createAppIdentity(() => app.auth());
      const deps: GateDeps = {
        serializer,
        caches: options.caches ?? localGateCaches(),
        botLogin: async () => (await identity()).login,
        appId: async () => (await identity()).id,
        // Checklist tick records are signed; any secret the deployment keeps private will do.
        secret: process.env["SQUADGATE_SECRET"] ?? process.env["WEBHOOK_SECRET"] ?? "development",
      };
      const metrics = options.metrics;
      const observe = metrics ? (event: string, spend: Spend) => observeSpend(metrics, event, spend) : undefined;
      registerTriggers(app, { ...deps, ...createEvalCaches() }, observe);
    },
    idle: async () => {
      // Deliveries that have not reached their turn yet count too (known only with metrics).
      await serializer.idle();
      while (deliveries.inFlight() > 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        await serializer.idle();
      }
    },
    inFlight: () => Math.max(serializer.pending, deliveries.inFlight()),
  };
}

/** For `probot run ./lib/index.js` and tests: the app with its own state. */
export default function squadgate(app: Probot, options?: ApplicationFunctionOptions): void {
  createSquadgate().app(app, options);
}
