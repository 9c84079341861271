import type { Problem } from "../config/problems.js";
import type { ConfigResult } from "../config/validate-config.js";
import { compileAssetKinds, type AssetClassifier } from "../core/assets/classify.js";
import { approvalsMayCount, commitsToCompare, teamsToResolve } from "../core/gate/approvals.js";
import { scanAssets } from "../core/gate/requirements.js";
import { touchedPaths, type ChangedFile, type ChangesSince, type PullRequestFacts, type Review, type TeamMembers } from "../core/gate/types.js";
import { policyFiles, type Policy } from "../core/policy.js";
import { extractSignedData, findSticky } from "../core/render/sticky.js";
import type { SigningScope } from "../core/signed-data.js";
import { EMPTY_RECORD, isRewrittenRecord, parseWaiverRecord, waiverCommitsToCompare, type WaiverRecord } from "../core/waivers.js";
import { assemblePolicy, newProblems, validatePolicyChange } from "../engine/load-policy.js";
import { fetchChangesSince, type CompareCache } from "./changes-since.js";
import { checklistComment, checklistState, readTemplateFiles, type ChecklistEdit, type ChecklistState } from "./checklist.js";
import { checklistTeamsToResolve } from "../core/checklists/evaluate.js";
import type { EvalGateState } from "../core/evals/state.js";
import { committedEvals, readHeadState } from "./evals/gate-evals.js";
import { findCheckRun, type ExistingCheck } from "./check-run.js";
import { listChangedFiles } from "./complete-files.js";
import { requiredCheckOf } from "./head-check.js";
import { entryFor, type HeadStateRead } from "../core/gate/head-state.js";
import type { KeyedLock } from "../runtime/keyed-lock.js";
import { headCommitKey } from "../handlers/keyed-serializer.js";
import type { RequiredCheckCache } from "./required-check.js";
import { fetchPushers, type PusherCache } from "./pushers.js";
import { authorOf, fetchPullRequest, fetchReviews, pullsAssociatedWith, requestedReviewers, type PullRequest } from "./pull-request.js";
import { gitHubRepoReader } from "./repo-reader.js";
import { editedByUs, fetchCommentEditor, listComments, type CommentEditor, type IssueComment } from "./sticky-comment.js";
import { fetchTeamMembers, type TeamCache } from "./team-members.js";
import type { Octokit, PullRef, RepoRef } from "./types.js";

/** Put on a pull request while it has waivers on record, so other events know to read the record. */
export const WAIVER_LABEL = "squadgate: waiver";

export interface GateCaches {
  teams: TeamCache;
  compares: CompareCache;
  requiredChecks: RequiredCheckCache;
  pushers: PusherCache;
}

/** What every evaluation needs from the process: identity, caches, the secret and the queues. */
export interface GateEnv {
  installationId: number;
  caches: GateCaches;
  botLogin: () => Promise<string>;
  /** Our app's id: only check runs it created are ours. */
  appId: () => Promise<number>;
  /** Signs the checklist's record of who ticked what, and the waiver record. */
  secret: string;
  /** Orders writes to a head commit's check run with the other pull requests at that head (absent: no ordering). */
  serializer?: KeyedLock;
}

/** A pull request judged only to give the shared check run its verdict: its check and head state come from the caller. */
export interface SiblingOf {
  existingCheck: ExistingCheck | undefined;
  headState: HeadStateRead;
}

export interface GateInput extends GateEnv {
  pull: PullRef;
  baseRef: string;
  headSha: string;
  /** The live pull request, when the caller already read it (comment commands do). */
  prefetched?: PullRequest;
  /** The PR's comments, when the caller has just listed (and perhaps written) them in turn. */
  prefetchedComments?: IssueComment[];
  /** The base branch's config, when the caller already read it at `baseRef`. */
  prefetchedConfig?: ConfigResult;
  /** Set when this pull request is judged for a sibling's check write: nothing of the head is read again. */
  siblingOf?: SiblingOf;
  /** Read the waiver record even without the waiver label (the waiver commands write to it). */
  readRecord?: boolean;
  /** The edit that triggered this run, when someone edited the checklist's text. */
  checklistEdit?: ChecklistEdit;
  /** A fresh eval verdict for `headSha` (from a finished eval run). */
  evalState?: EvalGateState;
}

/** Everything the gate decides on, read from GitHub for one pull request. */
export interface GateSnapshot {
  pull: PullRef;
  pr: PullRequest;
  headSha: string;
  existingCheck: ExistingCheck | undefined;
  /** What our check run remembers about this head (per pull request), as read before the writes. */
  headState: HeadStateRead;
  /** Open pull requests GitHub associates with the head, when it was asked (not for siblings). */
  headPulls?: PullRequest[];
  /** The head's queue mark when `existingCheck` was read (see `KeyedLock.mark`). */
  checkMark: number;
  /** How it was gathered: siblings are gathered the same way. */
  input: GateInput;
  /** null: the base policy is invalid; `problems` says why. */
  policy: Policy | null;
  problems: Problem[];
  facts: PullRequestFacts;
  teamMembers: TeamMembers;
  changesSince: ChangesSince;
  record: WaiverRecord;
  /** The record comment was edited by hand: the next record goes into a new comment, leaving it as evidence. */
  recordTampered?: true;
  /** The comments, when they were read (for the waiver record); saves a second listing. */
  comments?: IssueComment[];
  checklist?: ChecklistState;
  botLogin: () => Promise<string>;
  /** Present when evals are configured: the verdict for the head commit and, for committed results, a fresh comment. */
  evals?: { state?: EvalGateState; required: boolean; comment?: string };
}

export type Gathered = { status: "not-enabled" } | { status: "skipped"; reason: string } | { status: "ready"; snapshot: GateSnapshot };

/**
 * Reads a pull request's state, spending calls lazily: ownership and reviews only when an AI asset
 * changed, the waiver record only when the PR carries the waiver label, team members and commit
 * comparisons only when a review or waiver depends on them.
 */
export async function gatherGate(octokit: Octokit, input: GateInput): Promise<Gathered> {
  const { pull, baseRef } = input;
  const repo = { owner: pull.owner, repo: pull.repo };
  const reader = gitHubRepoReader(octokit, repo);

  // Round trip 1: the base branch's config. None means the repository has not opted in.
  const [config, appId] = await Promise.all([input.prefetchedConfig ?? reader.loadConfig(baseRef), input.appId()]);
  if (!config.config && config.problems.length === 0) return { status: "not-enabled" };

  // How the base requires our check, read (once an hour) alongside what follows; the check write uses it.
  void requiredCheckOf(octokit, { env: input, repo, branch: baseRef }).catch(() => undefined);

  // Round trip 2: the live pull request, its files, our check run and the other pull requests at its head.
  const checkMark = await headMark(input, input.headSha);
  const prRead = input.prefetched ? Promise.resolve(input.prefetched) : fetchPullRequest(octokit, pull);
  const [pr, listing, headOnEvent] = await Promise.all([
    prRead,
    listChangedFiles(octokit, { pull, pr: prRead, cache: input.caches.compares }),
    readHead(octokit, { repo, sha: input.headSha, appId, siblingOf: input.siblingOf }),
  ]);
  const skip = skipReason(pr, baseRef, config.config?.drafts);
  if (skip) return { status: "skipped", reason: skip };
  const headSha = pr.head.sha;
  const { files } = listing;
  const changedPaths = touchedPaths(files);
  const kinds = config.config ? touchedKinds(compileAssetKinds(config.config.assets), files) : [];
  const touchesAssets = kinds.length > 0;
  // Policy files are governed like assets: their owners are read and required.
  const governed = config.config ? new Set(policyFiles(config.config)) : new Set<string>();
  const needsOwners = touchesAssets || changedPaths.some((path) => governed.has(path));
  const hasWaivers = input.readRecord === true || pr.labels.some((label) => label.name === WAIVER_LABEL);
  const checklistInComment = touchesAssets && config.config?.checklists.where === "comment";

  // Round trip 3: what only AI-asset PRs need, the waiver record, and the head's policy if the PR edits it.
  const evalsConfig = config.config?.evals;
  const [head, ownershipText, reviews, headPolicyProblems, comments, templateFiles, committed] = await Promise.all([
    headSha === input.headSha ? headOnEvent : readHead(octokit, { repo, sha: headSha, appId, siblingOf: input.siblingOf }),
    needsOwners && config.config ? reader.readFile(config.config.ownership.file, baseRef) : Promise.resolve(""),
    needsOwners ? fetchReviews(octokit, pull) : Promise.resolve<Review[]>([]),
    validatePolicyChange(reader, { headRef: headSha, changedPaths, ownershipFile: config.config?.ownership.file, baseConfig: config.config }),
    input.prefetchedComments ?? (hasWaivers || checklistInComment ? listComments(octokit, repo, pull.pull_number) : Promise.resolve(undefined)),
    config.config ? readTemplateFiles(reader, config.config, kinds, baseRef) : Promise.resolve(new Map<string, string | null>()),
    evalsConfig ? committedEvals(reader, { config: evalsConfig, changedPaths, baseRef, headSha, now: new Date() }) : Promise.resolve(undefined),
  ]);
  const scope = signingScope(pull, input.secret);
  const waivers =
    hasWaivers && comments
      ? await readWaiverRecord(comments, { botLogin: input.botLogin, scope, editorOf: (nodeId) => fetchCommentEditor(octokit, nodeId) })
      : { record: EMPTY_RECORD, tampered: false, problems: [] };
  const { record } = waivers;
  const tampered = waivers.tampered ? { recordTampered: true as const } : {};
  const base = assemblePolicy(config, ownershipText);
  const facts = pullRequestFacts(pr, files, reviews, listing.complete);
  const recordedEvals = head.state.ok ? entryFor(head.state.state, pull.pull_number)?.evals : unreadableEvals(headSha);
  const evals = evalsConfig
    ? {
        required: evalsConfig.required,
        ...optionalState(input.evalState?.headSha === headSha ? input.evalState : (committed?.state ?? recordedEvals)),
        ...(committed ? { comment: committed.comment } : {}),
      }
    : undefined;
  const common = {
    pull,
    pr,
    headSha,
    existingCheck: head.check,
    headState: head.state,
    ...(head.pulls ? { headPulls: head.pulls } : {}),
    checkMark: headSha === input.headSha ? checkMark : await headMark(input, headSha),
    input,
    facts,
    record,
    ...tampered,
    botLogin: input.botLogin,
    ...(comments ? { comments } : {}),
    ...(evals ? { evals } : {}),
  };
  if (base.status !== "ok") {
    const problems = [...(base.status === "invalid" ? base.problems : []), ...headPolicyProblems, ...waivers.problems];
    return { status: "ready", snapshot: { ...common, policy: null, problems, teamMembers: new Map(), changesSince: new Map() } };
  }

  const { policy } = base;
  const checklist = checklistState({
    config: policy.config,
    kinds,
    files: templateFiles,
    body: pr.body ?? "",
    comment: checklistInComment ? await checklistComment(comments, input.botLogin) : undefined,
    scope,
    ...(input.checklistEdit ? { edit: input.checklistEdit } : {}),
  });

  // Round trip 4, when needed: who is in the reviewers' teams and who pushed to the pull request;
  // then what changed since old approvals and waivers.
  const required = scanAssets(policy, files).required;
  const roleMembers = (role: string) => policy.config.roles[role]?.members ?? [];
  const pushersMatter = !policy.config.approvals.pushers_may_approve && required.length > 0 && approvalsMayCount(reviews, facts.author);
  const [teams, pushers] = await Promise.all([
    fetchTeamMembers(octokit, {
      installationId: input.installationId,
      teams: [
        ...new Set([
          ...teamsToResolve(required, reviews, facts.author),
          ...(checklist ? checklistTeamsToResolve(checklist.templates, checklist.record, roleMembers) : []),
        ]),
      ],
      cache: input.caches.teams,
    }),
    pushersMatter ? fetchPushers(octokit, { pull, pr, cache: input.caches.pushers }) : Promise.resolve(undefined),
  ]);
  if (pushers) facts.pushers = pushers.logins;
  const commits = new Set([
    ...commitsToCompare(required, { policy, author: facts.author, headSha, reviews, teamMembers: teams.members, ...(pushers ? { pushers: new Set(pushers.logins) } : {}) }),
    ...waiverCommitsToCompare(record, headSha),
  ]);
  const changesSince = await fetchChangesSince(octokit, { repo, commits: [...commits], headSha, cache: input.caches.compares });
  return {
    status: "ready",
    snapshot: {
      ...common,
      policy,
      problems: [
        ...base.problems,
        ...teams.problems,
        ...(pushers?.problem ? [pushers.problem] : []),
        ...waivers.problems,
        ...(checklist?.problems ?? []),
        ...newProblems(headPolicyProblems, base.problems),
      ],
      teamMembers: teams.members,
      changesSince,
      ...(checklist ? { checklist } : {}),
    },
  };
}

/**
 * The state Squadgate keeps in its own check run could not be read back (it always can, when it is
 * what Squadgate wrote): the eval verdict it carried is unknown, so it holds the gate rather than
 * pass on a guess. (When it first saw the head is lost too, so commands wait for a new head.)
 */
const unreadableEvals = (headSha: string): EvalGateState => ({
  headSha,
  status: "incomplete",
  notes: ["the eval verdict stored on this check could not be read back, so it cannot pass the gate; run /eval (or push) to evaluate this commit again"],
  updatedAt: new Date(0).toISOString(),
});

/** The head's check run, what it remembers, and (for the pull request being evaluated) the pull requests at that head. */
async function readHead(
  octokit: Octokit,
  input: { repo: RepoRef; sha: string; appId: number; siblingOf: SiblingOf | undefined },
): Promise<{ check: ExistingCheck | undefined; state: HeadStateRead; pulls?: PullRequest[] }> {
  if (input.siblingOf) return { check: input.siblingOf.existingCheck, state: input.siblingOf.headState };
  const [check, pulls] = await Promise.all([findCheckRun(octokit, input.repo, input.sha, input.appId), pullsAssociatedWith(octokit, input.repo, input.sha)]);
  return { check, state: readHeadState(check), pulls };
}

const headMark = (input: GateInput, sha: string) =>
  input.serializer?.mark(headCommitKey(input.installationId, input.pull.owner, input.pull.repo, sha)) ?? Promise.resolve(0);

const optionalState = (state: EvalGateState | undefined) => (state ? { state } : {});

/** Signed state in the PR's text is bound to this secret and this pull request. */
export const signingScope = (pull: PullRef, secret: string): SigningScope => ({
  secret,
  pullRequest: `${pull.owner}/${pull.repo}#${pull.pull_number}`.toLowerCase(),
});

/**
 * The waiver record from our own sticky comment. It counts only when its signed data verifies and
 * nobody but our bot edited the comment since (GitHub records the last editor): someone with write
 * access could otherwise paste an earlier genuine record back, to revive a waiver taken back. One
 * that fails either counts as none, and the check says so.
 */
export async function readWaiverRecord(
  comments: readonly IssueComment[],
  input: { botLogin: () => Promise<string>; scope: SigningScope; editorOf: (nodeId: string) => Promise<CommentEditor> },
): Promise<{ record: WaiverRecord; tampered: boolean; problems: Problem[] }> {
  const botLogin = await input.botLogin();
  const comment = findSticky(comments, "record", botLogin);
  if (!comment?.body) return { record: EMPTY_RECORD, tampered: false, problems: [] };
  const record = parseWaiverRecord(extractSignedData(comment.body, input.scope));
  const untouched = record && !isRewrittenRecord(record, comment.updated_at) && comment.node_id && editedByUs(await input.editorOf(comment.node_id), botLogin);
  if (record && untouched) return { record, tampered: false, problems: [] };
  const message = "the waiver record comment was edited by hand or is damaged, so no waiver on it counts; it is kept as it is, and the next /waive starts a new record";
  return { record: EMPTY_RECORD, tampered: true, problems: [{ severity: "warning", file: "waiver record", message }] };
}

function skipReason(pr: PullRequest, baseRef: string, drafts: "check" | "skip" | undefined): string | undefined {
  if (pr.state !== "open") return "pull request is closed";
  if (pr.draft && drafts === "skip") return "draft pull requests are skipped by config";
  // The base moved since the event; the event for the new base evaluates that.
  if (pr.base.ref !== baseRef) return "base branch changed since the event";
  return undefined;
}

/** Asset kinds the change touches (a rename counts at both ends), in first-seen order. */
function touchedKinds(classifier: AssetClassifier, files: readonly ChangedFile[]): string[] {
  const kinds = new Set<string>();
  for (const file of files) {
    classifier.kindsOf(file.path).forEach((kind) => kinds.add(kind));
    if (file.previousPath !== undefined) classifier.kindsOf(file.previousPath).forEach((kind) => kinds.add(kind));
  }
  return [...kinds];
}

function pullRequestFacts(pr: PullRequest, files: ChangedFile[], reviews: Review[], filesComplete: boolean): PullRequestFacts {
  const requested = requestedReviewers(pr);
  return {
    author: authorOf(pr),
    draft: pr.draft ?? false,
    headSha: pr.head.sha,
    owner: pr.base.repo.owner.login,
    files,
    filesComplete,
    reviews,
    requestedUsers: requested.users,
    requestedTeams: requested.teams,
  };
}

