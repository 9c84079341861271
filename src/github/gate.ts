import type { Problem } from "../config/problems.js";
import { compileAssetKinds, type AssetClassifier } from "../core/assets/classify.js";
import { commitsToCompare, teamsToResolve } from "../core/gate/approvals.js";
import { decideGate, type GateDecision } from "../core/gate/decide.js";
import { scanAssets } from "../core/gate/requirements.js";
import type { ChangedFile, PullRequestFacts, Review } from "../core/gate/types.js";
import type { Policy } from "../core/policy.js";
import { renderCheckOutput } from "../core/render/check-summary.js";
import { assemblePolicy, validatePolicyChange, type LoadedPolicy } from "../engine/load-policy.js";
import { fetchChangesSince, type CompareCache } from "./changes-since.js";
import { findCheckRun, reconcileCheckRun, type CheckWrite, type ExistingCheck } from "./check-run.js";
import { fetchChangedFiles, fetchPullRequest, fetchReviews, requestedReviewers, type PullRequest } from "./pull-request.js";
import { gitHubRepoReader } from "./repo-reader.js";
import { requestReviews } from "./review-requests.js";
import { fetchTeamMembers, type TeamCache } from "./team-members.js";
import type { Octokit, PullRef } from "./types.js";

export interface GateCaches {
  teams: TeamCache;
  compares: CompareCache;
}

export interface GateRun {
  outcome: "not-enabled" | "skipped" | "evaluated";
  reason?: string;
  decision?: GateDecision;
  check?: CheckWrite;
}

/**
 * Gather -> decide -> reconcile for one pull request. Everything is read fresh from GitHub, so a
 * redelivered, late or concurrent webhook converges on the same check run and review requests.
 * Reads are spent lazily: ownership and reviews only when an AI asset changed.
 */
export async function runGate(
  octokit: Octokit,
  input: { pull: PullRef; baseRef: string; headSha: string; installationId: number; caches: GateCaches },
): Promise<GateRun> {
  const { pull, baseRef } = input;
  const repo = { owner: pull.owner, repo: pull.repo };
  const reader = gitHubRepoReader(octokit, repo);

  // Round trip 1: the base branch's config. None means the repository has not opted in.
  const config = await reader.loadConfig(baseRef);
  if (!config.config && config.problems.length === 0) return { outcome: "not-enabled" };

  // Round trip 2: the live pull request, its files and our check run.
  const [pr, files, checkOnEventHead] = await Promise.all([
    fetchPullRequest(octokit, pull),
    fetchChangedFiles(octokit, pull),
    findCheckRun(octokit, repo, input.headSha),
  ]);
  const skip = skipReason(pr, baseRef, config.config?.drafts);
  if (skip) return { outcome: "skipped", reason: skip };
  const headSha = pr.head.sha;
  const classifier = config.config ? compileAssetKinds(config.config.assets) : undefined;
  const touchesAssets = classifier !== undefined && files.some((file) => isAsset(classifier, file));
  const changedPaths = files.flatMap((f) => (f.previousPath ? [f.path, f.previousPath] : [f.path]));

  // Round trip 3: ownership and reviews only matter when an AI asset changed; the head's policy only when the PR edits it.
  const [existing, ownershipText, reviews, headPolicyProblems] = await Promise.all([
    headSha === input.headSha ? checkOnEventHead : findCheckRun(octokit, repo, headSha),
    touchesAssets && config.config ? reader.readFile(config.config.ownership.file, baseRef) : Promise.resolve(""),
    touchesAssets ? fetchReviews(octokit, pull) : Promise.resolve<Review[]>([]),
    validatePolicyChange(reader, { headRef: headSha, changedPaths, ownershipFile: config.config?.ownership.file }),
  ]);
  const base = assemblePolicy(config, ownershipText) as Exclude<LoadedPolicy, { status: "absent" }>;
  const target = { existing, headSha };
  if (base.status === "invalid") {
    return publish(octokit, pull, target, null, invalidPolicyDecision([...base.problems, ...headPolicyProblems]));
  }

  // Round trip 4, when needed: who is in the reviewers' teams, and what changed since old approvals.
  const { policy } = base;
  const facts = pullRequestFacts(pr, files, reviews);
  const required = scanAssets(policy, files).required;
  const teams = await fetchTeamMembers(octokit, {
    installationId: input.installationId,
    teams: teamsToResolve(required, reviews, facts.author),
    cache: input.caches.teams,
  });
  const changesSince = await fetchChangesSince(octokit, {
    repo,
    commits: commitsToCompare(required, { policy, author: facts.author, headSha, reviews, teamMembers: teams.members }),
    headSha,
    cache: input.caches.compares,
  });

  const decision = decideGate({
    policy,
    facts,
    teamMembers: teams.members,
    changesSince,
    problems: [...base.problems, ...teams.problems, ...dropRepeated(headPolicyProblems, base.problems)],
  });
  const requestProblems = await requestReviews(octokit, pull, decision.reviewRequests);
  return publish(octokit, pull, target, policy, { ...decision, problems: [...decision.problems, ...requestProblems] });
}

function skipReason(pr: PullRequest, baseRef: string, drafts: "check" | "skip" | undefined): string | undefined {
  if (pr.state !== "open") return "pull request is closed";
  if (pr.draft && drafts === "skip") return "draft pull requests are skipped by config";
  // The base moved since the event; the event for the new base evaluates that.
  if (pr.base.ref !== baseRef) return "base branch changed since the event";
  return undefined;
}

const isAsset = (classifier: AssetClassifier, file: ChangedFile) =>
  classifier.kindsOf(file.path).length > 0 || (file.previousPath !== undefined && classifier.kindsOf(file.previousPath).length > 0);

function pullRequestFacts(pr: PullRequest, files: ChangedFile[], reviews: Review[]): PullRequestFacts {
  const requested = requestedReviewers(pr);
  return {
    author: pr.user.login,
    draft: pr.draft ?? false,
    headSha: pr.head.sha,
    owner: pr.base.repo.owner.login,
    files,
    filesComplete: files.length >= pr.changed_files,
    reviews,
    requestedUsers: requested.users,
    requestedTeams: requested.teams,
  };
}

async function publish(
  octokit: Octokit,
  pull: PullRef,
  target: { existing: ExistingCheck | undefined; headSha: string },
  policy: Policy | null,
  decision: GateDecision,
): Promise<GateRun> {
  const check = await reconcileCheckRun(octokit, { owner: pull.owner, repo: pull.repo }, target.existing, {
    headSha: target.headSha,
    conclusion: decision.conclusion,
    output: renderCheckOutput(decision, policy),
  });
  return { outcome: "evaluated", decision, check };
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
  };
}

/** A problem already present on the base branch is not news in the pull request. */
function dropRepeated(head: readonly Problem[], base: readonly Problem[]): Problem[] {
  const seen = new Set(base.map((p) => `${p.file}:${p.line}:${p.message}`));
  return head.filter((p) => !seen.has(`${p.file}:${p.line}:${p.message.replace(/^in this pull request: /, "")}`));
}
