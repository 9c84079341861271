import { EMPTY_HEAD_STATE } from "../core/gate/head-state.js";
import type { ChangedFile } from "../core/gate/types.js";
import type { PullFacts, PullInfo } from "../core/pull/facts.js";
import type { PullContext } from "../core/pull/needs.js";
import { planPullFacts, type FactRequest } from "../core/pull/plan.js";
import { validatePolicyChange } from "../engine/load-policy.js";
import { gitRepoReader, patchesOf } from "./git-reader.js";
import { compileAssetKinds } from "../core/assets/classify.js";
import { textKey } from "../core/policies/licences/reads.js";
import { findSecrets } from "../core/policies/sensitive-data/secrets.js";
import type { PolicySource } from "./source.js";

/** A local pull request: from `headSha` into the branch the policy comes from, files already diffed. */
export interface LocalPull {
  baseRef: string;
  baseSha: string;
  headSha: string;
  files: ChangedFile[];
}

/** Nobody has reviewed, ticked or waived anything yet: the pull request as it would be when opened. */
const pullInfo = (pull: LocalPull): PullInfo => ({
  number: 0,
  state: "open",
  draft: false,
  author: "",
  body: "",
  labels: [],
  base: { ref: pull.baseRef, sha: pull.baseSha, owner: "" },
  head: { sha: pull.headSha, ref: pull.headSha },
  requestedUsers: [],
  requestedTeams: [],
});

/**
 * The facts the gate would read on GitHub for a pull request that is just opened, read from git
 * instead: the same planner asks, the policy source (a commit or the work tree) and git answer.
 */
export async function localPullFacts(
  source: PolicySource,
  pull: LocalPull,
): Promise<{ facts: PullFacts; ctx: PullContext }> {
  const ctx: PullContext = {
    pull: { owner: "", repo: "", number: 0 },
    baseRef: pull.baseRef,
    headSha: pull.headSha,
    botLogin: "",
    secret: "",
  };
  let facts: PullFacts = { config: await source.reader.loadConfig(source.sha) };
  for (let requests = planPullFacts(facts, ctx); requests.length > 0; requests = planPullFacts(facts, ctx)) {
    const answers = await Promise.all(requests.map((request) => answer(source, pull, facts, request)));
    facts = Object.assign({}, facts, ...answers);
  }
  return { facts, ctx };
}

async function answer(
  source: PolicySource,
  pull: LocalPull,
  facts: PullFacts,
  request: FactRequest,
): Promise<Partial<PullFacts>> {
  const read = (path: string, ref = source.sha) => source.reader.readFile(path, ref);
  switch (request.fact) {
    case "pr":
      return { pr: pullInfo(pull) };
    case "files":
      return { files: { list: await withPatches(source, pull, facts), complete: true } };
    case "head":
      return { head: { sha: request.sha, state: { ok: true, state: EMPTY_HEAD_STATE }, mark: 0 } };
    case "ownership":
      return { ownershipText: await read(request.path) };
    case "headPolicy":
      return {
        headPolicyProblems: await validatePolicyChange(gitRepoReader(source.root), {
          headRef: pull.headSha,
          changedPaths: request.changedPaths,
          ownershipFile: request.ownershipFile,
        }),
      };
    case "templates":
      return { templateFiles: new Map(await Promise.all(request.paths.map(async (p) => [p, await read(p)] as const))) };
    case "committedEvals":
    case "modelFiles":
      return bothEnds(source, pull, request);
    // Nor is there a description to have been edited.
    case "descriptionHistory":
      return { descriptionHistory: { revisions: [], unread: 0 } };
    // Nothing of these exists before the pull request is opened on GitHub.
    case "reviews":
      return { reviews: [] };
    case "comments":
      return { comments: [] };
    case "recordEditor":
      return { recordEditor: null };
    case "teams":
      return { teams: { members: new Map(), problems: [] } };
    case "pushers":
      return { pushers: { logins: [] } };
    case "compares":
      return { changesSince: new Map(facts.changesSince ?? []) };
    case "licenceTexts": {
      const git = gitRepoReader(source.root);
      const texts = request.reads.map(
        async (r) =>
          [
            textKey(r.side, r.path),
            await git.readFile(r.path, r.side === "base" ? pull.baseSha : pull.headSha),
          ] as const,
      );
      return { licenceTexts: new Map(await Promise.all(texts)) };
    }
    case "secrets":
      return { secretFindings: await findSecrets(request.candidates, request.allow) };
  }
}

/** Files read at the base and the head commit, from git: committed eval results, changed model configs and prompts. */
async function bothEnds(
  source: PolicySource,
  pull: LocalPull,
  request: FactRequest & { fact: "committedEvals" | "modelFiles" },
): Promise<Partial<PullFacts>> {
  const git = gitRepoReader(source.root);
  if (request.fact === "committedEvals") {
    const texts = request.files.map(async (f) => ({
      ...f,
      base: await git.readFile(f.path, pull.baseSha),
      head: await git.readFile(f.path, pull.headSha),
    }));
    return { committedEvals: await Promise.all(texts) };
  }
  // Git has both versions: the old one is read, not rebuilt from a diff.
  const texts = request.paths.map(async (path) => {
    const previous = pull.files.find((f) => f.path === path)?.previousPath ?? path;
    const [text, base] = await Promise.all([git.readFile(path, pull.headSha), git.readFile(previous, pull.baseSha)]);
    return [path, { text, base }] as const;
  });
  return { modelFiles: new Map(await Promise.all(texts)) };
}

/** The diffs of the files the sensitive-data policy scans, as GitHub's listing would carry them. */
async function withPatches(source: PolicySource, pull: LocalPull, facts: PullFacts): Promise<ChangedFile[]> {
  const config = facts.config.config;
  if (!config?.sensitive_data) return pull.files;
  const { kindsOf } = compileAssetKinds(config.assets);
  const kinds = new Set(config.sensitive_data.kinds);
  const scanned = pull.files.filter((f) => f.status !== "removed" && kindsOf(f.path).some((k) => kinds.has(k)));
  const patches = await patchesOf(
    source.root,
    pull.baseSha,
    pull.headSha,
    scanned.map((f) => f.path),
  );
  return pull.files.map((f) => {
    const patch = patches.get(f.path);
    return patch === undefined ? f : { ...f, patch, additions: patch.split("\n+").length - 1 };
  });
}
