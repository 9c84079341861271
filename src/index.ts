import type { Probot } from "probot";
import { createAppIdentity } from "./github/app-identity.js";
import { createCompareCache } from "./github/changes-since.js";
import { createTeamCache } from "./github/team-members.js";
import { registerCommands } from "./handlers/commands.js";
import { createEvalCaches, registerEvals } from "./handlers/evals.js";
import { registerGate, type GateDeps } from "./handlers/gate.js";
import { KeyedSerializer } from "./handlers/keyed-serializer.js";

/** Squadgate's composition root: one registration per feature, state shared by this process. */
export default function squadgate(app: Probot): void {
  const deps: GateDeps = {
    serializer: new KeyedSerializer(),
    caches: { teams: createTeamCache(), compares: createCompareCache() },
    botLogin: createAppIdentity(() => app.auth()),
    // Checklist tick records are signed; any secret the deployment keeps private will do.
    secret: process.env["SQUADGATE_SECRET"] ?? process.env["WEBHOOK_SECRET"] ?? "development",
  };
  registerGate(app, deps);
  registerCommands(app, deps);
  registerEvals(app, { ...deps, ...createEvalCaches() });
}
