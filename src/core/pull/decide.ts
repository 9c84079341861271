import type { Problem } from "../../config/problems.js";
import { evaluateChecklist } from "../checklists/evaluate.js";
import { isMember } from "../gate/approvals.js";
import { decideGate, type GateDecision } from "../gate/decide.js";
import { evaluateWaivers } from "../waivers.js";
import type { PullSnapshot } from "./snapshot.js";

/** The gate's decision for a pull request as assembled. Pure: commands re-decide after changing the snapshot (a new waiver). */
export function decideSnapshot(snapshot: PullSnapshot, now: Date): GateDecision {
  const { policy, checklist } = snapshot;
  if (!policy) return invalidPolicyDecision(snapshot.problems);
  const roleMembers = (role: string) => policy.config.roles[role]?.members ?? [];
  return decideGate({
    policy,
    facts: snapshot.facts,
    teamMembers: snapshot.teamMembers,
    changesSince: snapshot.changesSince,
    problems: snapshot.problems,
    ...(snapshot.dataPolicies ? { dataPolicies: snapshot.dataPolicies } : {}),
    waivers: evaluateWaivers(snapshot.record, { headSha: snapshot.headSha, now, changesSince: snapshot.changesSince }),
    ...(checklist
      ? {
          checklist: evaluateChecklist({
            templates: checklist.templates,
            items: checklist.items,
            record: checklist.record,
            isRoleMember: (role, login) =>
              isMember({ id: role, members: roleMembers(role), approvals: 1 }, login, snapshot.teamMembers),
            roleHandles: (role) =>
              roleMembers(role).map((m) => (m.kind === "user" ? `@${m.login}` : `@${m.org}/${m.slug}`)),
          }),
        }
      : {}),
    ...(snapshot.evals
      ? {
          evals: {
            required: snapshot.evals.required,
            ...(snapshot.evals.state ? { state: snapshot.evals.state } : {}),
          },
        }
      : {}),
    ...(snapshot.agents ? { agents: snapshot.agents } : {}),
    ...(snapshot.providers ? { providers: snapshot.providers } : {}),
  });
}

/** With a broken base policy nothing else can be decided: fail loudly and request nobody. */
function invalidPolicyDecision(problems: Problem[]): GateDecision {
  const errors = problems.filter((p) => p.severity === "error").length;
  return {
    conclusion: "failure",
    title: `${errors} configuration problem${errors === 1 ? "" : "s"} to fix`,
    mode: "enforce",
    assets: [],
    requirements: [],
    unowned: [],
    reviewRequests: { users: [], teams: [] },
    problems,
    filesComplete: true,
    waivers: [],
  };
}
