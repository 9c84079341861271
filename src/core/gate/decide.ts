import { hasErrors, PULL_REQUEST, type Problem } from "../../config/problems.js";
import type { Policy } from "../policy.js";
import type { Waiver, WaiverStatus } from "../waivers.js";
import type { ChecklistStatus } from "../checklists/evaluate.js";
import type { EvalGateState } from "../evals/state.js";
import { approvalsFor, type RequirementApprovals } from "./approvals.js";
import { GITHUB_LIMITS } from "../render/budget.js";
import { whomToAsk } from "./review-requests.js";
import { conclude, judgeEvals, titleFor } from "./verdict.js";
import { scanAssets, type AssetFile } from "./requirements.js";
import { dataPolicyGroups, withDataPolicies, type DataPolicies } from "../pull/data-policies.js";
import type { AgentVerdict } from "../policies/agents/verdict.js";
import type { ProviderVerdict } from "../policies/providers/verdict.js";

type AssetScan = ReturnType<typeof scanAssets>;
import { touchedPaths, type ChangesSince, type PullRequestFacts, type TeamMembers } from "./types.js";

export type Conclusion = "success" | "action_required" | "failure" | "neutral";

export interface RequirementStatus extends RequirementApprovals {
  id: string;
  role?: string;
  description?: string;
  approvalsNeeded: number;
  files: string[];
  /** Members as handles (`@alice`, `@acme/ml-eng`), minus the author. */
  canApprove: string[];
  satisfied: boolean;
  /** The active waiver standing in for this role's approvals. */
  waiver?: Waiver;
}

export interface GateDecision {
  conclusion: Conclusion;
  title: string;
  mode: "enforce" | "report";
  assets: AssetFile[];
  requirements: RequirementStatus[];
  unowned: string[];
  /** Whom to ask for a review now; empty in report mode and on drafts. */
  reviewRequests: { users: string[]; teams: string[] };
  problems: Problem[];
  filesComplete: boolean;
  /** Every waiver on record with where it stands now (active ones included). */
  waivers: WaiverStatus[];
  /** The touched kinds' checklist items; `waived` when a checklist waiver is active. */
  checklist?: ChecklistStatus & { waived: boolean };
  /** Evals for the head commit, when configured: what is known, and whether it holds the gate. */
  evals?: { state?: EvalGateState; blocking: boolean; reason?: string; waived: boolean };
  /** Written by an AI agent (the agents policy), and whether a waiver lifts what that asks. */
  agents?: AgentVerdict & { waived: boolean };
  /** Changes of model provider (the providers policy). */
  providers?: ProviderVerdict;
  /** What the licence and sensitive-data policies found (their roles are among the requirements). */
  dataPolicies?: DataPolicies;
}

export interface DecisionInput {
  policy: Policy;
  facts: PullRequestFacts;
  teamMembers: TeamMembers;
  changesSince: ChangesSince;
  /** Config and ownership problems found while loading the policy (base) and validating the head. */
  problems: readonly Problem[];
  waivers?: readonly WaiverStatus[];
  checklist?: ChecklistStatus;
  /** Eval verdict for the head commit (undefined: none yet); `required`: AI-asset PRs must have one. */
  evals?: { state?: EvalGateState; required: boolean };
  /** The pull request was written by an AI agent: more human approvals per role, some approvals never count. */
  agents?: AgentVerdict;
  /** Changes of model provider: the roles they need join those the files' owners need. */
  providers?: ProviderVerdict;
  dataPolicies?: DataPolicies;
}

/** The gate's verdict for one pull request state. Pure: same input, same decision. */
export function decideGate({
  policy,
  facts,
  teamMembers,
  changesSince,
  problems: loadProblems,
  waivers = [],
  checklist,
  evals,
  dataPolicies,
  agents,
  providers,
}: DecisionInput): GateDecision {
  const mode = policy.config.mode;
  // The roles policies require join those of the files' owners: a change of provider's, the data policies'.
  const scan = withDataPolicies(scanAssets(policy, facts.files), [
    ...(dataPolicies ? dataPolicyGroups(policy.config, dataPolicies) : []),
    ...(providers?.required ?? []),
  ]);
  const problems = gateProblems(loadProblems, facts, scan, policy);
  const { statuses, activeWaivers } = waiversAgainst(scan, waivers);
  const agentState = agents ? { ...agents, waived: activeWaivers.has("agents") } : undefined;
  const agentRule = agentState?.waived ? undefined : agentState;
  const requirements = requirementStatuses(
    scan,
    { policy, facts, teamMembers, changesSince, ...(agentRule ? { agents: agentRule } : {}) },
    activeWaivers,
  );

  const checklistState = checklist ? { ...checklist, waived: activeWaivers.has("checklist") } : undefined;
  const missingItems = checklistState && !checklistState.waived ? checklistState.missing.length : 0;
  const evalState = evals ? judgeEvals(evals, scan.assets.length > 0, activeWaivers.has("evals")) : undefined;
  const conclusion = conclude({
    mode,
    problems,
    requirements,
    missingItems,
    evalsBlocking: evalState?.blocking === true,
  });
  const askForReviews = mode === "enforce" && !facts.draft && !hasErrors(problems);
  const requests = askForReviews
    ? whomToAsk(requirements, scan.required, facts, agentRule?.excluded.keys())
    : { users: [], teams: [], left: [] };
  if (requests.left.length > 0) {
    problems.push({
      severity: "warning",
      file: PULL_REQUEST,
      message: `GitHub allows at most ${GITHUB_LIMITS.reviewRequests} pending review requests on a pull request, so these were not asked (they can still approve): ${preview(requests.left, 10)}`,
    });
  }
  return {
    conclusion,
    title: facts.filesComplete
      ? titleFor({
          conclusion,
          problems,
          requirements,
          anyAssets: scan.assets.length > 0,
          mode,
          missingItems,
          evalsReason: evalState?.blocking ? evalState.reason : undefined,
        })
      : "Too many files to see them all",
    mode,
    assets: scan.assets,
    requirements,
    unowned: scan.unowned,
    reviewRequests: { users: requests.users, teams: requests.teams },
    problems,
    filesComplete: facts.filesComplete,
    waivers: statuses,
    ...(checklistState ? { checklist: checklistState } : {}),
    ...(evalState ? { evals: evalState } : {}),
    ...(agentState ? { agents: agentState } : {}),
    ...(providers ? { providers } : {}),
    ...(dataPolicies ? { dataPolicies } : {}),
  };
}

/** The load's problems that concern this change, and what the pull request itself gets wrong. */
function gateProblems(
  loadProblems: readonly Problem[],
  facts: PullRequestFacts,
  scan: AssetScan,
  policy: Policy,
): Problem[] {
  const changed = new Set(touchedPaths(facts.files));
  const problems = loadProblems.filter((p) => p.concerns === undefined || changed.has(p.concerns));
  if (!facts.filesComplete) {
    // Never pass what could not be seen: an AI asset could hide past the listing.
    problems.push({
      severity: "error",
      file: PULL_REQUEST,
      message:
        "GitHub lists only the first 3,000 files of a pull request and could not list the rest either, so Squadgate cannot tell which roles must approve; split the pull request",
    });
  }
  if (scan.unowned.length > 0) {
    problems.push({
      severity: policy.config.ownership.unowned === "fail" ? "error" : "warning",
      file: policy.ownershipFile,
      message: `${scan.unowned.length} changed AI asset(s) have no owner: ${preview(scan.unowned)}`,
    });
  }
  return problems;
}

/** Each required role's approvals, who may give them, and whether they (or a waiver) satisfy it. */
function requirementStatuses(
  scan: AssetScan,
  input: Pick<DecisionInput, "policy" | "facts" | "teamMembers" | "changesSince" | "agents">,
  activeWaivers: ReadonlyMap<string, Waiver>,
): RequirementStatus[] {
  const { policy, facts, agents } = input;
  // With every file listed, a change outside the pull request's own diff (merged in from the base) is not its change.
  const pullRequestFiles = facts.filesComplete ? new Set(touchedPaths(facts.files)) : undefined;
  const approvalFacts = {
    policy,
    author: facts.author,
    headSha: facts.headSha,
    reviews: facts.reviews,
    teamMembers: input.teamMembers,
    changesSince: input.changesSince,
    ...(pullRequestFiles ? { pullRequestFiles } : {}),
    ...(facts.pushers ? { pushers: new Set(facts.pushers) } : {}),
    ...(agents ? { excluded: agents.excluded } : {}),
  };
  const excluded = (handle: string) => agents?.excluded.has(handle.slice(1).toLowerCase()) === true;
  return scan.required.map(({ requirement, files }): RequirementStatus => {
    const approvals = approvalsFor(requirement, { ...approvalFacts, requiredFiles: new Set(files) });
    const approvalsNeeded = agents ? Math.max(requirement.approvals, agents.approvals) : requirement.approvals;
    const waiver = requirement.role ? activeWaivers.get(requirement.role) : undefined;
    return {
      id: requirement.id,
      ...(requirement.role ? { role: requirement.role } : {}),
      ...(requirement.description ? { description: requirement.description } : {}),
      approvalsNeeded,
      files,
      canApprove: requirement.members
        .map((m) => (m.kind === "user" ? `@${m.login}` : `@${m.org}/${m.slug}`))
        .filter((handle) => handle.toLowerCase() !== `@${facts.author}`.toLowerCase() && !excluded(handle)),
      ...approvals,
      satisfied:
        waiver !== undefined ||
        (approvals.changesRequestedBy.length === 0 && approvals.approvedBy.length >= approvalsNeeded),
      ...(waiver ? { waiver } : {}),
    };
  });
}

/** Where each waiver stands against what the pull request now requires, and those in force by target. */
function waiversAgainst(scan: AssetScan, waivers: readonly WaiverStatus[]) {
  const waiverScope = (target: string) =>
    target === "checklist"
      ? scan.assets.map((a) => a.path)
      : (scan.required.find((r) => r.requirement.role === target)?.files ?? []);
  const statuses = waivers.map((status) => outgrown(status, waiverScope(status.waiver.target)));
  const activeWaivers = new Map(statuses.filter((w) => w.state === "active").map((w) => [w.waiver.target, w.waiver]));
  return { statuses, activeWaivers };
}

/**
 * A waiver covers what its giver saw: when a later commit makes a file newly required for its
 * target (a new dataset the role owns, a new AI asset for the checklist), the waiver ends.
 */
function outgrown(status: WaiverStatus, nowRequired: readonly string[]): WaiverStatus {
  const { waiver } = status;
  if (status.state !== "active" || waiver.coversAll) return status;
  const covered = new Set(waiver.covers);
  const uncovered = nowRequired.find((path) => !covered.has(path));
  return uncovered === undefined
    ? status
    : { waiver, state: "voided", reason: `${uncovered} is now required too, and the waiver did not cover it` };
}

const preview = (paths: readonly string[], max = 5) =>
  paths.slice(0, max).join(", ") + (paths.length > max ? ` and ${paths.length - max} more` : "");
