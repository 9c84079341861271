import { associationLags, siblingsToJudge, stillAtHead } from "../core/gate/head-pulls.js";
import { nextHeadState } from "../core/gate/head-state.js";
import { requiredCheckNote } from "../core/render/check-summary.js";
import { combineHeadVerdicts, judgedPull, NOT_GATED, type JudgedPull } from "../core/render/head-check.js";
import { headCommitKey } from "../handlers/keyed-serializer.js";
import { findCheckRun, reconcileCheckRun, type CheckWrite } from "./check-run.js";
import { headStateText, readHeadState } from "../core/state/head-text.js";
import { decideSnapshot } from "../core/pull/decide.js";
import type { HeadFacts, PullInfo } from "../core/pull/facts.js";
import { gatherGate, type GateEnv, type GateSnapshot } from "./gate-snapshot.js";
import { fetchPullRequest, openPullsAtHead, pullInfo } from "./pull-request.js";
import { readRequiredCheck } from "./required-check.js";
import type { Octokit, RepoRef } from "./types.js";

/**
 * Writes the one Squadgate check run of `headSha` so that it holds for every open pull request with
 * that head: the strictest of their verdicts. `primary` is the pull request just evaluated (absent
 * when it turned out not to be gated here); the others are judged again from GitHub, read-only.
 * Writes to one head take turns, and a turn that finds the run changed since `known` was read
 * reads it again, so two pull requests sharing a head cannot overwrite each other's verdicts.
 */
export async function writeHeadCheck(
  octokit: Octokit,
  input: {
    env: GateEnv;
    repo: RepoRef;
    headSha: string;
    self: number;
    primary?: JudgedPull;
    known: HeadFacts;
    now: Date;
  },
): Promise<CheckWrite> {
  const key = headCommitKey(input.env.installationId, input.repo.owner, input.repo.repo, input.headSha);
  const write = async (): Promise<CheckWrite> => {
    const moved = input.env.serializer !== undefined && (await input.env.serializer.mark(key)) !== input.known.mark;
    const head = moved ? await readHeadNow(octokit, input) : input.known;
    const others = await judgeOthers(octokit, { ...input, head });
    const verdicts = [...(input.primary ? [input.primary] : []), ...others];
    const state = nextHeadState(head.state.ok ? head.state.state : { v: 1, pulls: {} }, verdicts, input.now);
    const combined = combineHeadVerdicts(verdicts) ?? NOT_GATED;
    const base = combined.strictest?.baseRef;
    const footer = async () => {
      const status = base ? await requiredCheckOf(octokit, { env: input.env, repo: input.repo, branch: base }) : null;
      return status && base ? requiredCheckNote(status, base) : undefined;
    };
    return reconcileCheckRun(
      octokit,
      input.repo,
      head.check,
      {
        headSha: input.headSha,
        conclusion: combined.conclusion,
        output: { ...combined.output, text: headStateText(state) },
      },
      footer,
    );
  };
  return input.env.serializer ? input.env.serializer.run(key, write) : write();
}

/**
 * How `branch` requires the Squadgate check (cached an hour). Started early, alongside the other
 * writes, so a check write seldom waits for it.
 */
export async function requiredCheckOf(octokit: Octokit, input: { env: GateEnv; repo: RepoRef; branch: string }) {
  const appId = await input.env.appId();
  return readRequiredCheck(octokit, {
    repo: input.repo,
    branch: input.branch,
    appId,
    installationId: input.env.installationId,
    cache: input.env.caches.requiredChecks,
  });
}

/** The head's facts as the gathering read them (check run, its state, the pull requests at the head, the queue mark then). */
export const headReadOf = (snapshot: GateSnapshot): HeadFacts => snapshot.head;

async function readHeadNow(
  octokit: Octokit,
  input: { env: GateEnv; repo: RepoRef; headSha: string; known: HeadFacts },
): Promise<HeadFacts> {
  const check = await findCheckRun(octokit, input.repo, input.headSha, await input.env.appId());
  const { check: _previous, ...known } = input.known;
  return { ...known, ...(check ? { check } : {}), state: readHeadState(check?.text) };
}

/**
 * The other open pull requests at the head, judged as their own events would judge them. They are
 * the ones GitHub associates with the commit and the ones the check run recorded earlier. Right
 * after a push GitHub's association can lag (it does not yet list the pull request we know is
 * there); then every open pull request is listed instead, so none is missed.
 */
async function judgeOthers(
  octokit: Octokit,
  input: { env: GateEnv; repo: RepoRef; headSha: string; self: number; head: HeadFacts; now: Date },
): Promise<JudgedPull[]> {
  const listed = associationLags(input.head, input.self)
    ? (await openPullsAtHead(octokit, input.repo, input.headSha)).map(pullInfo)
    : (input.head.pulls ?? []);
  const known = siblingsToJudge(listed, input.head, input.self);
  const judged = await Promise.all([...known].map(([number, pr]) => judgeSibling(octokit, { ...input, number, pr })));
  return judged.filter((v): v is JudgedPull => v !== undefined);
}

async function judgeSibling(
  octokit: Octokit,
  input: {
    env: GateEnv;
    repo: RepoRef;
    headSha: string;
    head: HeadFacts;
    number: number;
    pr: PullInfo | undefined;
    now: Date;
  },
): Promise<JudgedPull | undefined> {
  const pull = { ...input.repo, pull_number: input.number };
  const pr = input.pr ?? pullInfo(await fetchPullRequest(octokit, pull));
  if (!stillAtHead(pr, input.headSha)) return undefined;
  const { pulls: _shared, ...head } = input.head;
  const gathered = await gatherGate(octokit, {
    ...input.env,
    pull,
    baseRef: pr.base.ref,
    headSha: input.headSha,
    prefetched: pr,
    siblingOf: head,
  });
  if (gathered.status !== "ready") return undefined;
  return judgedPull(gathered.snapshot, decideSnapshot(gathered.snapshot, input.now));
}
