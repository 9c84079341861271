import type { HeadFacts, PullFacts, PullInfo } from "../core/pull/facts.js";
import type { PullContext } from "../core/pull/needs.js";
import { planPullFacts, type FactRequest } from "../core/pull/plan.js";
import { validatePolicyChange } from "../engine/load-policy.js";
import { headCommitKey } from "../handlers/keyed-serializer.js";
import { fetchChangesSince } from "./changes-since.js";
import { findCheckRun } from "./check-run.js";
import { listChangedFiles } from "./complete-files.js";
import { readDataPolicyFact } from "./data-policy-reads.js";
import { readHeadState } from "./evals/gate-evals.js";
import type { GateInput } from "./gate-snapshot.js";
import { requiredCheckOf } from "./head-check.js";
import { fetchPullRequest, fetchReviews, pullInfo, pullsAssociatedWith } from "./pull-request.js";
import { fetchPushers } from "./pushers.js";
import { gitHubRepoReader } from "./repo-reader.js";
import { fetchCommentEditor, listComments } from "./sticky-comment.js";
import { fetchTeamMembers } from "./team-members.js";
import type { Octokit } from "./types.js";

/**
 * Reads what the gate needs of one pull request: the base's config first, then round after round
 * what `planPullFacts` asks for, each round's reads in parallel. Plain data comes back; deciding is
 * for `src/core`.
 */
export async function loadPullFacts(
  octokit: Octokit,
  input: GateInput,
): Promise<{ facts: PullFacts; ctx: PullContext }> {
  const repo = { owner: input.pull.owner, repo: input.pull.repo };
  const reader = gitHubRepoReader(octokit, repo);
  const [config, botLogin, appId] = await Promise.all([
    input.prefetchedConfig ?? reader.loadConfig(input.baseRef),
    input.botLogin(),
    input.appId(),
  ]);
  const ctx = contextOf(input, botLogin);
  let facts: PullFacts = {
    config,
    ...(input.prefetched ? { pr: input.prefetched } : {}),
    ...(input.siblingOf ? { head: input.siblingOf } : {}),
    ...(input.prefetchedComments ? { comments: input.prefetchedComments } : {}),
  };
  if (!config.config && config.problems.length === 0) return { facts, ctx };
  // How the base requires our check, read (once an hour) alongside what follows; the check write uses it.
  void requiredCheckOf(octokit, { env: input, repo, branch: input.baseRef }).catch(() => undefined);
  // Listing files past GitHub's limit needs the pull request's commits: it shares the pull request's read.
  let pr: Promise<PullInfo> | undefined = input.prefetched ? Promise.resolve(input.prefetched) : undefined;
  for (let requests = planPullFacts(facts, ctx); requests.length > 0; requests = planPullFacts(facts, ctx)) {
    pr ??= requests.some((r) => r.fact === "pr") ? fetchPullRequest(octokit, input.pull).then(pullInfo) : undefined;
    const loaded = await Promise.all(requests.map((request) => read(octokit, { input, appId, facts, request, pr })));
    facts = Object.assign({}, facts, ...loaded);
  }
  return { facts, ctx };
}

function contextOf(input: GateInput, botLogin: string): PullContext {
  return {
    pull: { owner: input.pull.owner, repo: input.pull.repo, number: input.pull.pull_number },
    baseRef: input.baseRef,
    headSha: input.headSha,
    botLogin,
    secret: input.secret,
    ...(input.readRecord ? { readRecord: true } : {}),
    ...(input.checklistEdit ? { checklistEdit: input.checklistEdit } : {}),
    ...(input.evalState ? { evalState: input.evalState } : {}),
    ...(input.siblingOf ? { sibling: true } : {}),
  };
}

type ReadInput = {
  input: GateInput;
  appId: number;
  facts: PullFacts;
  request: FactRequest;
  pr: Promise<PullInfo> | undefined;
};

/** One planned read, as the facts it gives. */
async function read(octokit: Octokit, { input, appId, facts, request, pr }: ReadInput): Promise<Partial<PullFacts>> {
  const repo = { owner: input.pull.owner, repo: input.pull.repo };
  const reader = gitHubRepoReader(octokit, repo);
  const headSha = facts.pr?.head.sha ?? input.headSha;
  switch (request.fact) {
    case "pr":
      return { pr: await (pr as Promise<PullInfo>) };
    case "files": {
      const listing = await listChangedFiles(octokit, {
        pull: input.pull,
        pr: pr ?? Promise.resolve(facts.pr as PullInfo),
        cache: input.caches.compares,
      });
      return { files: { list: listing.files, complete: listing.complete } };
    }
    case "head":
      return { head: await readHead(octokit, { input, appId, sha: request.sha }) };
    case "ownership":
      return { ownershipText: await reader.readFile(request.path, input.baseRef) };
    case "reviews":
      return { reviews: await fetchReviews(octokit, input.pull) };
    case "headPolicy":
      return {
        headPolicyProblems: await validatePolicyChange(reader, {
          headRef: headSha,
          changedPaths: request.changedPaths,
          ownershipFile: request.ownershipFile,
          baseConfig: facts.config.config,
        }),
      };
    case "comments":
      return { comments: await listComments(octokit, repo, input.pull.pull_number) };
    default:
      return readMore(octokit, { input, facts, request, headSha });
  }
}

/** The reads that depend on earlier ones: templates, committed results, teams, pushers, comparisons, data policies. */
async function readMore(
  octokit: Octokit,
  { input, facts, request, headSha }: Omit<ReadInput, "appId" | "pr"> & { headSha: string },
): Promise<Partial<PullFacts>> {
  const repo = { owner: input.pull.owner, repo: input.pull.repo };
  const reader = gitHubRepoReader(octokit, repo);
  switch (request.fact) {
    case "templates":
      return {
        templateFiles: new Map(
          await Promise.all(
            request.paths.map(async (path) => [path, await reader.readFile(path, input.baseRef)] as const),
          ),
        ),
      };
    case "committedEvals":
      return {
        committedEvals: await Promise.all(
          request.files.map(async (f) => {
            const [base, head] = await Promise.all([
              reader.readFile(f.path, input.baseRef),
              reader.readFile(f.path, headSha),
            ]);
            return { ...f, base, head };
          }),
        ),
      };
    case "recordEditor":
      return { recordEditor: await fetchCommentEditor(octokit, request.nodeId) };
    case "teams":
      return {
        teams: await fetchTeamMembers(octokit, {
          installationId: input.installationId,
          teams: request.teams,
          cache: input.caches.teams,
        }),
      };
    case "pushers":
      return {
        pushers: await fetchPushers(octokit, {
          pull: input.pull,
          pr: facts.pr as PullInfo,
          cache: input.caches.pushers,
        }),
      };
    case "compares":
      return {
        changesSince: await fetchChangesSince(octokit, {
          repo,
          commits: request.commits,
          headSha,
          cache: input.caches.compares,
        }),
      };
    case "licenceTexts":
    case "secrets":
      return readDataPolicyFact(octokit, { repo, pr: facts.pr as PullInfo, request });
    default:
      throw new Error(`${request.fact} is read in the first rounds`);
  }
}

/** The head's check run, what it remembers, and the open pull requests GitHub associates with it. */
async function readHead(
  octokit: Octokit,
  { input, appId, sha }: { input: GateInput; appId: number; sha: string },
): Promise<HeadFacts> {
  const repo = { owner: input.pull.owner, repo: input.pull.repo };
  const mark = input.serializer?.mark(headCommitKey(input.installationId, repo.owner, repo.repo, sha)) ?? 0;
  const [check, pulls] = await Promise.all([
    findCheckRun(octokit, repo, sha, appId),
    pullsAssociatedWith(octokit, repo, sha),
  ]);
  return { sha, ...(check ? { check } : {}), state: readHeadState(check), pulls: pulls.map(pullInfo), mark };
}
