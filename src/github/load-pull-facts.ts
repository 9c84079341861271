import type { Config } from "../config/schema.js";
import type { HeadFacts, PullFacts, PullInfo } from "../core/pull/facts.js";
import type { PullContext } from "../core/pull/needs.js";
import { planPullFacts, type FactRequest } from "../core/pull/plan.js";
import { validatePolicyChange } from "../engine/load-policy.js";
import { headCommitKey } from "../handlers/keyed-serializer.js";
import { fetchChangesSince } from "./changes-since.js";
import { findCheckRun } from "./check-run.js";
import { listChangedFiles } from "./complete-files.js";
import { readDataPolicyFact } from "./data-policy-reads.js";
import { readHeadState } from "../core/state/head-text.js";
import type { GateInput } from "./gate-snapshot.js";
import { requiredCheckOf } from "./head-check.js";
import { fetchPullRequest, fetchReviews, pullInfo, pullsAssociatedWith } from "./pull-request.js";
import { fetchDescriptionHistory } from "./policies/description-history.js";
import { readModelFiles } from "./policies/model-files.js";
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
  const reader = gitHubRepoReader(octokit, repo, input.caches);
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
    const headRequest = requests.find((r) => r.fact === "head");
    const head = headRequest ? readHead(octokit, { input, appId, sha: headRequest.sha }) : undefined;
    pr ??= requests.some((r) => r.fact === "pr")
      ? pullRead(octokit, { input, head, config: config.config })
      : undefined;
    const loaded = await Promise.all(
      requests.map((request) => read(octokit, { input, appId, facts, request, pr, head })),
    );
    facts = Object.assign({}, facts, ...loaded);
  }
  return { facts, ctx };
}

/**
 * The pull request, live. The open pull requests at its head, read anyway for the check that they
 * share, give it in the same form as the listings, so it is read on its own only when they do not
 * show it at this head yet (GitHub associates a commit with its pull requests shortly after a push),
 * or when the agent policy needs what only the single read says (how many commits it has).
 */
function pullRead(
  octokit: Octokit,
  input: { input: GateInput; head: Promise<HeadFacts> | undefined; config: Config | null },
): Promise<PullInfo> {
  const single = () => fetchPullRequest(octokit, input.input.pull).then(pullInfo);
  if (!input.head || input.config?.agents) return single();
  const { pull_number } = input.input.pull;
  return input.head.then(
    (head) => head.pulls?.find((p) => p.number === pull_number && p.head.sha === head.sha) ?? single(),
    single,
  );
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

type ReadInput<F extends FactRequest["fact"]> = {
  input: GateInput;
  appId: number;
  facts: PullFacts;
  request: Extract<FactRequest, { fact: F }>;
  pr: Promise<PullInfo> | undefined;
  /** This round's read of the head, shared with the pull request's read. */
  head: Promise<HeadFacts> | undefined;
};
type Reader<F extends FactRequest["fact"]> = (octokit: Octokit, read: ReadInput<F>) => Promise<Partial<PullFacts>>;

const repoOf = (input: GateInput) => ({ owner: input.pull.owner, repo: input.pull.repo });
const readerOf = (octokit: Octokit, input: GateInput) => gitHubRepoReader(octokit, repoOf(input));
const headShaOf = ({ facts, input }: { facts: PullFacts; input: GateInput }) => facts.pr?.head.sha ?? input.headSha;

/** One reader per fact the planner can ask for: each returns the facts it read, as plain data. */
const READERS: { [F in FactRequest["fact"]]: Reader<F> } = {
  pr: async (_octokit, { pr }) => ({ pr: await (pr as Promise<PullInfo>) }),
  files: async (octokit, { input, facts, pr }) => {
    const pull = pr ?? Promise.resolve(facts.pr as PullInfo);
    const listing = await listChangedFiles(octokit, { pull: input.pull, pr: pull, cache: input.caches.compares });
    return { files: { list: listing.files, complete: listing.complete } };
  },
  head: async (octokit, { input, appId, request, head }) => ({
    head: await (head ?? readHead(octokit, { input, appId, sha: request.sha })),
  }),
  ownership: async (octokit, { input, request }) => ({
    ownershipText: await readerOf(octokit, input).readFile(request.path, input.baseRef),
  }),
  reviews: async (octokit, { input }) => ({ reviews: await fetchReviews(octokit, input.pull) }),
  headPolicy: async (octokit, read) => ({
    headPolicyProblems: await validatePolicyChange(readerOf(octokit, read.input), {
      headRef: headShaOf(read),
      changedPaths: read.request.changedPaths,
      ownershipFile: read.request.ownershipFile,
      baseConfig: read.facts.config.config,
    }),
  }),
  comments: async (octokit, { input }) => ({
    comments: await listComments(octokit, repoOf(input), input.pull.pull_number),
  }),
  templates: async (octokit, { input, request }) => {
    const reader = readerOf(octokit, input);
    const texts = request.paths.map(async (path) => [path, await reader.readFile(path, input.baseRef)] as const);
    return { templateFiles: new Map(await Promise.all(texts)) };
  },
  committedEvals: async (octokit, read) => {
    const reader = readerOf(octokit, read.input);
    const texts = read.request.files.map(async (f) => {
      const [base, head] = await Promise.all([
        reader.readFile(f.path, read.input.baseRef),
        reader.readFile(f.path, headShaOf(read)),
      ]);
      return { ...f, base, head };
    });
    return { committedEvals: await Promise.all(texts) };
  },
  recordEditor: async (octokit, { request }) => ({ recordEditor: await fetchCommentEditor(octokit, request.nodeId) }),
  teams: async (octokit, { input, request }) => ({
    teams: await fetchTeamMembers(octokit, {
      installationId: input.installationId,
      teams: request.teams,
      cache: input.caches.teams,
    }),
  }),
  pushers: async (octokit, { input, facts }) => ({
    pushers: await fetchPushers(octokit, { pull: input.pull, pr: facts.pr as PullInfo, cache: input.caches.pushers }),
  }),
  modelFiles: async (octokit, read) => ({
    modelFiles: await readModelFiles(octokit, {
      repo: repoOf(read.input),
      sha: headShaOf(read),
      paths: read.request.paths,
    }),
  }),
  descriptionHistory: async (octokit, { input }) => ({
    descriptionHistory: await fetchDescriptionHistory(octokit, input.pull),
  }),
  compares: async (octokit, read) => ({
    changesSince: await fetchChangesSince(octokit, {
      repo: repoOf(read.input),
      commits: read.request.commits,
      headSha: headShaOf(read),
      cache: read.input.caches.compares,
    }),
  }),
  licenceTexts: async (octokit, { input, facts, request }) =>
    readDataPolicyFact(octokit, { repo: repoOf(input), pr: facts.pr as PullInfo, request }),
  secrets: async (octokit, { input, facts, request }) =>
    readDataPolicyFact(octokit, { repo: repoOf(input), pr: facts.pr as PullInfo, request }),
};

/** One planned read, as the facts it gives. */
function read(octokit: Octokit, input: ReadInput<FactRequest["fact"]>): Promise<Partial<PullFacts>> {
  return (READERS[input.request.fact] as Reader<FactRequest["fact"]>)(octokit, input);
}

/** The head's check run, what it remembers, and the open pull requests GitHub associates with it. */
async function readHead(
  octokit: Octokit,
  { input, appId, sha }: { input: GateInput; appId: number; sha: string },
): Promise<HeadFacts> {
  const repo = { owner: input.pull.owner, repo: input.pull.repo };
  const mark = (await input.serializer?.mark(headCommitKey(input.installationId, repo.owner, repo.repo, sha))) ?? 0;
  const [check, pulls] = await Promise.all([
    findCheckRun(octokit, repo, sha, appId),
    pullsAssociatedWith(octokit, repo, sha),
  ]);
  return { sha, ...(check ? { check } : {}), state: readHeadState(check?.text), pulls: pulls.map(pullInfo), mark };
}
