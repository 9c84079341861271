import type { ApplicationFunctionOptions, Probot } from "probot";
import { createAppIdentity } from "./github/app-identity.js";
import { createCompareCache } from "./github/changes-since.js";
import { createPusherCache } from "./github/pushers.js";
import { createRequiredCheckCache } from "./github/required-check.js";
import { createTeamCache } from "./github/team-members.js";
import { createEvalCaches } from "./handlers/evals.js";
import type { GateDeps } from "./handlers/gate.js";
import { KeyedSerializer } from "./handlers/keyed-serializer.js";
import { registerTriggers } from "./handlers/register.js";

export interface SquadgateApp {
  /** The Probot application function. */
  app: (app: Probot, options?: ApplicationFunctionOptions) => void;
  /** Resolves once every delivery under way has finished (graceful shutdown waits for it). */
  idle(): Promise<void>;
  /** Deliveries under way. */
  inFlight(): number;
}

/** Squadgate's composition root: the trigger table registered once, state shared by this process. */
export function createSquadgate(): SquadgateApp {
  const serializer = new KeyedSerializer();
  return {
    app: (app) => {
      const identity = createAppIdentity(() => app.auth());
      const deps: GateDeps = {
        serializer,
        caches: {
          teams: createTeamCache(),
          compares: createCompareCache(),
          requiredChecks: createRequiredCheckCache(),
          pushers: createPusherCache(),
        },
        botLogin: async () => (await identity()).login,
        appId: async () => (await identity()).id,
        // Checklist tick records are signed; any secret the deployment keeps private will do.
        secret: process.env["SQUADGATE_SECRET"] ?? process.env["WEBHOOK_SECRET"] ?? "development",
      };
      registerTriggers(app, { ...deps, ...createEvalCaches() });
    },
    idle: () => serializer.idle(),
    inFlight: () => serializer.pending,
  };
}

/** For `probot run ./lib/index.js` and tests: the app with its own state. */
export default function squadgate(app: Probot, options?: ApplicationFunctionOptions): void {
  createSquadgate().app(app, options);
}
