import type { Problem } from "../config/problems.js";
import { decideGate, type GateDecision } from "../core/gate/decide.js";
import { renderCheckOutput } from "../core/render/check-summary.js";
import { evaluateWaivers } from "../core/waivers.js";
import { evaluateChecklist } from "../core/checklists/evaluate.js";
import { isMember } from "../core/gate/approvals.js";
import { reconcileChecklist } from "./checklist.js";
import { writeEvalComment } from "./evals/eval-comment.js";
import { checkText } from "./evals/gate-evals.js";
import { reconcileCheckRun, type CheckWrite } from "./check-run.js";
import { gatherGate, type GateInput, type GateSnapshot } from "./gate-snapshot.js";
import { requestReviews } from "./review-requests.js";
import type { Octokit } from "./types.js";

export type { GateCaches, GateInput } from "./gate-snapshot.js";

export interface GateRun {
  outcome: "not-enabled" | "skipped" | "evaluated";
  reason?: string;
  decision?: GateDecision;
  check?: CheckWrite;
  snapshot?: GateSnapshot;
}

/**
 * Gather -> decide -> reconcile for one pull request. Everything is read fresh from GitHub, so a
 * redelivered, late or concurrent webhook converges on the same check run and review requests.
 */
export async function runGate(octokit: Octokit, input: GateInput, now: () => Date = () => new Date()): Promise<GateRun> {
  const gathered = await gatherGate(octokit, input);
  if (gathered.status === "not-enabled") return { outcome: "not-enabled" };
  if (gathered.status === "skipped") return { outcome: "skipped", reason: gathered.reason };
  return reconcileGate(octokit, gathered.snapshot, now());
}

/** The decision for a snapshot: pure, so commands can re-decide after changing the snapshot (a new waiver). */
export function decideSnapshot(snapshot: GateSnapshot, now: Date): GateDecision {
  const { policy, checklist } = snapshot;
  if (!policy) return invalidPolicyDecision(snapshot.problems);
  const roleMembers = (role: string) => policy.config.roles[role]?.members ?? [];
  return decideGate({
    policy,
    facts: snapshot.facts,
    teamMembers: snapshot.teamMembers,
    changesSince: snapshot.changesSince,
    problems: snapshot.problems,
    waivers: evaluateWaivers(snapshot.record, { headSha: snapshot.headSha, now, changesSince: snapshot.changesSince }),
    ...(checklist
      ? {
          checklist: evaluateChecklist({
            templates: checklist.templates,
            items: checklist.items,
            record: checklist.record,
            isRoleMember: (role, login) => isMember({ id: role, members: roleMembers(role), approvals: 1 }, login, snapshot.teamMembers),
            roleHandles: (role) => roleMembers(role).map((m) => (m.kind === "user" ? `@${m.login}` : `@${m.org}/${m.slug}`)),
          }),
        }
      : {}),
    ...(snapshot.evals ? { evals: { required: snapshot.evals.required, ...(snapshot.evals.state ? { state: snapshot.evals.state } : {}) } } : {}),
  });
}

/** Makes GitHub match the decision: review requests first (their failure is reported in the check), then the check run. */
export async function reconcileGate(octokit: Octokit, snapshot: GateSnapshot, now: Date): Promise<GateRun> {
  const decided = decideSnapshot(snapshot, now);
  const requestProblems = await requestReviews(octokit, snapshot.pull, decided.reviewRequests);
  const checklistProblems = snapshot.checklist
    ? await reconcileChecklist(octokit, { pull: snapshot.pull, state: snapshot.checklist, botLogin: snapshot.botLogin, ...(snapshot.comments ? { comments: snapshot.comments } : {}) })
    : [];
  if (snapshot.evals?.comment) {
    await writeEvalComment(octokit, { pull: snapshot.pull, botLogin: snapshot.botLogin, ...(snapshot.comments ? { comments: snapshot.comments } : {}) }, { results: snapshot.evals.comment });
  }
  const decision = { ...decided, problems: [...decided.problems, ...requestProblems, ...checklistProblems] };
  const check = await reconcileCheckRun(octokit, { owner: snapshot.pull.owner, repo: snapshot.pull.repo }, snapshot.existingCheck, {
    headSha: snapshot.headSha,
    conclusion: decision.conclusion,
    output: { ...renderCheckOutput(decision, snapshot.policy), ...textOf(checkText(decision.evals?.state)) },
  });
  return { outcome: "evaluated", decision, check, snapshot };
}

const textOf = (text: string | undefined) => (text ? { text } : {});

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
