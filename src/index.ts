import type { Probot } from "probot";
import { createCompareCache } from "./github/changes-since.js";
import { createTeamCache } from "./github/team-members.js";
import { registerGate } from "./handlers/gate.js";
import { KeyedSerializer } from "./handlers/keyed-serializer.js";

/** Squadgate's composition root: one registration per feature, state shared by this process. */
export default function squadgate(app: Probot): void {
  const serializer = new KeyedSerializer();
  registerGate(app, { serializer, caches: { teams: createTeamCache(), compares: createCompareCache() } });
}
