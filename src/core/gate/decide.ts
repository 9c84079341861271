import { hasErrors, type Problem } from "../../config/problems.js";
import type { Policy } from "../policy.js";
import type { Waiver, WaiverStatus } from "../waivers.js";
import type { ChecklistStatus } from "../checklists/evaluate.js";
import type { EvalGateState } from "../evals/state.js";
import { approvalsFor, type RequirementApprovals } from "./approvals.js";
import { GITHUB_LIMITS } from "../render/budget.js";
import { planReviewRequests, type ReviewCandidates } from "./review-requests.js";
import { scanAssets, type AssetFile } from "./requirements.js";
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
}

export interface GateInput {
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
}: GateInput): GateDecision {
  const mode = policy.config.mode;
  const scan = scanAssets(policy, facts.files);
  const changed = new Set(touchedPaths(facts.files));
  const problems = loadProblems.filter((p) => p.concerns === undefined || changed.has(p.concerns));
  if (!facts.filesComplete) {
    // Never pass what could not be seen: an AI asset could hide past the listing.
    problems.push({
      severity: "error",
      file: "pull request",
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

  // With every file listed, a change outside the pull request's own diff (merged in from the base) is not its change.
  const pullRequestFiles = facts.filesComplete ? new Set(touchedPaths(facts.files)) : undefined;
  const approvalFacts = {
    policy,
    author: facts.author,
    headSha: facts.headSha,
    reviews: facts.reviews,
    teamMembers,
    changesSince,
    ...(pullRequestFiles ? { pullRequestFiles } : {}),
    ...(facts.pushers ? { pushers: new Set(facts.pushers) } : {}),
  };
  const waiverScope = (target: string) =>
    target === "checklist"
      ? scan.assets.map((a) => a.path)
      : (scan.required.find((r) => r.requirement.role === target)?.files ?? []);
  const statuses = waivers.map((status) => outgrown(status, waiverScope(status.waiver.target)));
  const activeWaivers = new Map(statuses.filter((w) => w.state === "active").map((w) => [w.waiver.target, w.waiver]));
  const requirements = scan.required.map(({ requirement, files }): RequirementStatus => {
    const approvals = approvalsFor(requirement, approvalFacts);
    const waiver = requirement.role ? activeWaivers.get(requirement.role) : undefined;
    return {
      id: requirement.id,
      ...(requirement.role ? { role: requirement.role } : {}),
      ...(requirement.description ? { description: requirement.description } : {}),
      approvalsNeeded: requirement.approvals,
      files,
      canApprove: requirement.members
        .map((m) => (m.kind === "user" ? `@${m.login}` : `@${m.org}/${m.slug}`))
        .filter((handle) => handle.toLowerCase() !== `@${facts.author}`.toLowerCase()),
      ...approvals,
      satisfied:
        waiver !== undefined ||
        (approvals.changesRequestedBy.length === 0 && approvals.approvedBy.length >= requirement.approvals),
      ...(waiver ? { waiver } : {}),
    };
  });

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
    ? reviewRequests(requirements, scan.required, facts)
    : { users: [], teams: [], left: [] };
  if (requests.left.length > 0) {
    problems.push({
      severity: "warning",
      file: "pull request",
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
  };
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

/** Evals hold the gate when their results regressed or could not be judged, or when required results are missing. */
function judgeEvals(
  evals: NonNullable<GateInput["evals"]>,
  anyAssets: boolean,
  waived: boolean,
): NonNullable<GateDecision["evals"]> {
  const { state } = evals;
  const reason =
    state?.status === "regressed"
      ? "evals regressed"
      : state?.status === "incomplete"
        ? "evals could not be judged"
        : evals.required && anyAssets && !state
          ? "eval results"
          : evals.required && anyAssets && state?.status === "running"
            ? "the running eval"
            : undefined;
  return {
    ...(state ? { state } : {}),
    blocking: reason !== undefined && !waived,
    ...(reason ? { reason } : {}),
    waived,
  };
}

function conclude(input: {
  mode: string;
  problems: Problem[];
  requirements: RequirementStatus[];
  missingItems: number;
  evalsBlocking: boolean;
}): Conclusion {
  const waiting = input.requirements.some((r) => !r.satisfied) || input.missingItems > 0 || input.evalsBlocking;
  const blocked = hasErrors(input.problems) ? "failure" : waiting ? "action_required" : undefined;
  if (!blocked) return "success";
  return input.mode === "report" ? "neutral" : blocked;
}

function titleFor(input: {
  conclusion: Conclusion;
  problems: Problem[];
  requirements: RequirementStatus[];
  anyAssets: boolean;
  mode: string;
  missingItems: number;
  evalsReason: string | undefined;
}): string {
  const errors = input.problems.filter((p) => p.severity === "error").length;
  const prefix = input.mode === "report" && input.conclusion === "neutral" ? "Report only: " : "";
  if (errors > 0) return `${prefix}${errors} configuration problem${errors === 1 ? "" : "s"} to fix`;
  // Regressed or unjudged evals are a state, not something to wait for: they follow what is awaited.
  const evalsState = input.evalsReason && !EVALS_AWAITED.has(input.evalsReason) ? input.evalsReason : "";
  const evalsAwaited = input.evalsReason && EVALS_AWAITED.has(input.evalsReason) ? input.evalsReason : "";
  const withState = (title: string) => (evalsState ? `${title}; ${evalsState}` : title);
  if (!input.anyAssets && input.requirements.length === 0) {
    if (evalsAwaited) return `${prefix}Waiting for ${evalsAwaited}`;
    return evalsState ? `${prefix}${capitalise(evalsState)}` : "No AI assets changed";
  }
  const waiting = input.requirements.filter((r) => !r.satisfied);
  const total = input.requirements.length;
  const items = [
    input.missingItems > 0 ? `${input.missingItems} required checklist item${input.missingItems === 1 ? "" : "s"}` : "",
    evalsAwaited,
  ]
    .filter(Boolean)
    .join(", ");
  if (waiting.length === 0 && items) return withState(`${prefix}Waiting for ${items}`);
  if (waiting.length === 0 && evalsState) return `${prefix}${capitalise(evalsState)}`;
  if (total === 0) return "AI assets changed; no role owns them";
  const waived = input.requirements.filter((r) => r.waiver).length;
  if (waiting.length === 0) {
    return `All ${total} required role${total === 1 ? "" : "s"} approved${waived ? ` (${waived} by waiver)` : ""}`;
  }
  const names = [...waiting.map((r) => r.id), ...(items ? [items] : [])].join(", ");
  return withState(`${prefix}Waiting for ${names} (${total - waiting.length} of ${total} approved)`);
}

/** Eval reasons that name something still to come ("Waiting for eval results"), unlike "evals regressed". */
const EVALS_AWAITED = new Set(["eval results", "the running eval"]);
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function reviewRequests(
  statuses: readonly RequirementStatus[],
  required: ReturnType<typeof scanAssets>["required"],
  facts: PullRequestFacts,
): ReturnType<typeof planReviewRequests> {
  const lower = (s: string) => s.toLowerCase();
  const skipUsers = new Set([facts.author, ...facts.requestedUsers, ...facts.reviews.map((r) => r.login)].map(lower));
  const askedUsers = new Set(facts.requestedUsers.map(lower));
  const skipTeams = new Set(facts.requestedTeams.map(lower));
  const groups: ReviewCandidates[] = [];
  required.forEach(({ requirement }, i) => {
    if (statuses[i]?.satisfied) return;
    const users: string[] = [];
    const teams: string[] = [];
    let alreadyAsked = 0;
    for (const member of requirement.members) {
      if (member.kind === "user") {
        if (askedUsers.has(lower(member.login))) alreadyAsked++;
        if (!skipUsers.has(lower(member.login))) users.push(member.login);
        continue;
      }
      const key = lower(`${member.org}/${member.slug}`);
      if (skipTeams.has(key)) alreadyAsked++;
      // Only teams of the repository's own organisation can be asked for a review.
      else if (lower(member.org) === lower(facts.owner)) teams.push(member.slug);
    }
    groups.push({ users, teams, alreadyAsked });
  });
  return planReviewRequests(groups, facts.requestedUsers.length + facts.requestedTeams.length, facts.owner);
}

const preview = (paths: readonly string[], max = 5) =>
  paths.slice(0, max).join(", ") + (paths.length > max ? ` and ${paths.length - max} more` : "");
