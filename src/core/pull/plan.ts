import { checklistTeamsToResolve } from "../checklists/evaluate.js";
import { approvalsMayCount, commitsToCompare, teamsToResolve } from "../gate/approvals.js";
import { CONFIG_FILE } from "../../config/schema.js";
import { waiverCommitsToCompare } from "../waivers.js";
import type { PullFacts, PullInfo } from "./facts.js";
import { basePolicy, requiredGroups, skipReason, templatePaths, touched, type PullContext } from "./needs.js";
import { needsDescriptionHistory } from "../policies/agents/facts.js";
import { modelFilesRequest } from "../policies/providers/facts.js";
import { readWaiverRecord } from "./record.js";
import { checklistOf } from "./snapshot.js";
import { dataPolicyReads } from "./data-policies.js";
import type { LicenceRead } from "../policies/licences/reads.js";
import type { SecretCandidates } from "../policies/sensitive-data/scan.js";

/** One read the shell makes for the gate. Reads planned together are made together (one round trip). */
export type FactRequest =
  | { fact: "pr" }
  | { fact: "files" }
  | { fact: "head"; sha: string }
  | { fact: "ownership"; path: string }
  | { fact: "reviews" }
  | { fact: "headPolicy"; changedPaths: string[]; ownershipFile: string | undefined }
  | { fact: "comments" }
  | { fact: "templates"; paths: string[] }
  | { fact: "committedEvals"; files: { path: string; suite: string }[] }
  | { fact: "recordEditor"; nodeId: string }
  | { fact: "teams"; teams: string[] }
  | { fact: "pushers" }
  | { fact: "compares"; commits: string[] }
  | { fact: "modelFiles"; paths: string[] }
  | { fact: "descriptionHistory" }
  | { fact: "licenceTexts"; reads: LicenceRead[] }
  | { fact: "secrets"; candidates: SecretCandidates[]; allow: string[] };

/**
 * The one planner: the next reads the gate needs, given what is known. Empty when nothing more is
 * needed. Each call gives one round of reads: what can be read together, spending calls lazily
 * (ownership and reviews only when an AI asset or a policy file changed, the waiver record only with
 * the waiver label, team members, who pushed and commit comparisons only when a review or a waiver
 * depends on them). `evaluatePull` reads only what this asks for.
 */
export function planPullFacts(facts: PullFacts, ctx: PullContext): FactRequest[] {
  const config = facts.config.config;
  if (!config && facts.config.problems.length === 0) return [];
  const first = [
    ...(facts.pr ? [] : [{ fact: "pr" } as const]),
    ...(facts.files ? [] : [{ fact: "files" } as const]),
    ...(facts.head || ctx.sibling ? [] : [{ fact: "head", sha: ctx.headSha } as const]),
  ];
  if (first.length > 0 || !facts.pr) return first;
  if (skipReason(facts.pr, ctx, config?.drafts)) return [];
  for (const round of [secondRound, thirdRound, lastRound]) {
    const requests = round(facts, ctx);
    if (requests.length > 0) return requests;
  }
  return [];
}

/** What only AI-asset pull requests need, the comments, the head's policy if the pull request edits it. */
function secondRound(facts: PullFacts, ctx: PullContext): FactRequest[] {
  const config = facts.config.config;
  const pr = facts.pr;
  if (!pr) return [];
  const t = touched(facts, ctx);
  const ownershipFile = config?.ownership.file;
  const evalFiles = config?.evals?.files ?? [];
  const templates = templatePaths(facts, t.kinds);
  const policyEdited = t.changedPaths.some((path) => path === CONFIG_FILE || path === ownershipFile);
  const data = dataPolicyReads(facts);
  return [
    ...(!ctx.sibling && facts.head && facts.head.sha !== pr.head.sha
      ? [{ fact: "head", sha: pr.head.sha } as const]
      : []),
    ...(t.needsOwners && config && facts.ownershipText === undefined
      ? [{ fact: "ownership", path: config.ownership.file } as const]
      : []),
    ...((t.needsOwners || data.mayRequire) && facts.reviews === undefined && !untouchedSinceOpened(pr)
      ? [{ fact: "reviews" } as const]
      : []),
    ...(data.licenceReads ? [{ fact: "licenceTexts", reads: data.licenceReads.reads } as const] : []),
    ...(data.secrets ? [{ fact: "secrets", ...data.secrets } as const] : []),
    ...(policyEdited && facts.headPolicyProblems === undefined
      ? [{ fact: "headPolicy", changedPaths: t.changedPaths, ownershipFile } as const]
      : []),
    ...((t.hasWaivers || t.checklistInComment) && facts.comments === undefined ? [{ fact: "comments" } as const] : []),
    ...(templates.length > 0 && facts.templateFiles === undefined
      ? [{ fact: "templates", paths: templates } as const]
      : []),
    ...(evalFiles.some((f) => t.changedPaths.includes(f.path)) && facts.committedEvals === undefined
      ? [{ fact: "committedEvals", files: evalFiles } as const]
      : []),
    ...(config ? modelFilesRequest(facts, config) : []),
  ];
}

/** Who last edited the waiver record, who is in the reviewers' teams, and who pushed. */
function thirdRound(facts: PullFacts, ctx: PullContext): FactRequest[] {
  const base = basePolicy(facts);
  const t = touched(facts, ctx);
  const record = readWaiverRecord(facts, ctx, t.hasWaivers);
  const editor = record.editorNeeded ? [{ fact: "recordEditor", nodeId: record.editorNeeded } as const] : [];
  if (base.status !== "ok") return editor;
  const { policy } = base;
  const reviews = facts.reviews ?? [];
  const author = facts.pr?.author ?? "";
  const required = requiredGroups(facts, policy);
  const checklist = checklistOf(facts, ctx, policy.config, t);
  const roleMembers = (role: string) => policy.config.roles[role]?.members ?? [];
  const teams = [
    ...new Set([
      ...teamsToResolve(required, reviews, author),
      ...(checklist ? checklistTeamsToResolve(checklist.templates, checklist.record, roleMembers) : []),
    ]),
  ];
  // The agent policy reads the commits (and who pushed) whenever a role is required.
  const pushersMatter =
    required.length > 0 &&
    (policy.config.agents !== undefined ||
      (!policy.config.approvals.pushers_may_approve && approvalsMayCount(reviews, author)));
  return [
    ...editor,
    ...(teams.length > 0 && facts.teams === undefined ? [{ fact: "teams", teams } as const] : []),
    ...(pushersMatter && facts.pushers === undefined ? [{ fact: "pushers" } as const] : []),
  ];
}

/** What changed since the commits that old approvals and waivers were given on; the description's history for the agent policy. */
function lastRound(facts: PullFacts, ctx: PullContext): FactRequest[] {
  const base = basePolicy(facts);
  if (base.status !== "ok" || !facts.pr) return [];
  const { policy } = base;
  const required = requiredGroups(facts, policy);
  const history = needsDescriptionHistory(facts, policy.config, required.length > 0)
    ? [{ fact: "descriptionHistory" } as const]
    : [];
  if (facts.changesSince !== undefined) return history;
  const record = readWaiverRecord(facts, ctx, touched(facts, ctx).hasWaivers).record;
  const headSha = facts.pr.head.sha;
  const commits = new Set([
    ...commitsToCompare(required, {
      policy,
      author: facts.pr.author,
      headSha,
      reviews: facts.reviews ?? [],
      teamMembers: facts.teams?.members ?? new Map(),
      ...(facts.pushers ? { pushers: new Set(facts.pushers.logins) } : {}),
    }),
    ...waiverCommitsToCompare(record, headSha),
  ]);
  const compares: FactRequest[] = commits.size > 0 ? [{ fact: "compares", commits: [...commits] }] : [];
  return [...compares, ...history];
}

/**
 * A review changes the pull request's `updated_at`: while it still equals `created_at` nobody has
 * reviewed it, and its reviews need not be read. Were that ever wrong, no approval would count:
 * the gate would only be stricter, and the review's own event reads them.
 */
export const untouchedSinceOpened = (pr: PullInfo): boolean =>
  pr.createdAt !== undefined && pr.createdAt === pr.updatedAt;
