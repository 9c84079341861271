import deepmerge from "deepmerge";
import type { Problem } from "../config/problems.js";
import { CONFIG_FILE } from "../config/schema.js";
import { locateKey, validateConfigValue, type ConfigResult } from "../config/validate-config.js";
import type { RepoReader } from "../engine/load-policy.js";
import { TtlCache } from "./ttl-cache.js";
import type { Octokit, RepoRef } from "./types.js";

/**
 * Branches last seen without their repository's own config. An entry is never trusted alone: it
 * only says to ask GitHub first whether any commit on the branch touched the config file, a
 * question GitHub answers with a free 304 while the answer is still "none".
 */
export type ConfigAbsentCache = TtlCache<true>;
export const createConfigAbsentCache = (): ConfigAbsentCache =>
  new TtlCache<true>({ ttlMs: 24 * 3_600_000, maxEntries: 50_000 });

/**
 * Layers of `_extends` merge as objects key by key; a list (globs, members) is replaced whole by the
 * layer closer to the repository, never concatenated, so a repo can narrow an org-wide list.
 */
export const mergeConfigLayers = (layers: object[]): Record<string, unknown> =>
  deepmerge.all(layers, { arrayMerge: (_base: unknown[], override: unknown[]) => override }) as Record<string, unknown>;

type ConfigFile = { owner: string; repo: string; path: string; url: string; config: unknown };

/**
 * A branch name as a fully qualified ref. GitHub resolves a bare name to a tag as readily as to a
 * branch, so anyone who can push a tag named `main` would otherwise choose the policy (or the eval
 * workflow) that judges pull requests into `main`. Commit SHAs and qualified refs stay as they are.
 */
export const branchRef = (ref: string): string =>
  /^[0-9a-f]{40}$/.test(ref) || ref.startsWith("refs/") ? ref : `refs/heads/${ref}`;

/**
 * Reads files and config at branch names (qualified, see `branchRef`) or commits. With
 * `configAbsent`, a repository that has not opted in costs one conditional request per event
 * (a 304 while it still has not) instead of two lookups that GitHub answers 404 and counts.
 */
export function gitHubRepoReader(
  octokit: Octokit,
  repo: RepoRef,
  options: { configAbsent?: ConfigAbsentCache } = {},
): RepoReader {
  const readFile = async (path: string, ref: string | undefined, from: RepoRef = repo): Promise<string | null> => {
    try {
      const at = ref === undefined ? {} : { ref: branchRef(ref) };
      const response = await octokit.rest.repos.getContent({
        owner: from.owner,
        repo: from.repo,
        path,
        ...at,
        mediaType: { format: "raw" },
      });
      const data: unknown = response.data;
      if (typeof data === "string") return data;
      if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
      return null; // a directory or submodule, not a file
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  };

  return {
    readFile: (path, ref) => readFile(path, ref),
    async loadConfig(ref): Promise<ConfigResult> {
      const absent = options.configAbsent;
      if (absent?.get(absentKey(repo, ref))) {
        if (!(await configEverCommitted(octokit, repo, ref))) return { config: null, problems: [] };
        absent.delete(absentKey(repo, ref));
      }
      let files: ConfigFile[];
      let merged: unknown;
      try {
        ({ files, config: merged } = await octokit.config.get({
          ...repo,
          path: CONFIG_FILE,
          branch: branchRef(ref),
          defaults: (layers) => mergeConfigLayers(layers as object[]),
        }));
      } catch (error) {
        const failed = configLoadProblem(error, repo);
        if (!failed) throw error;
        // A broken organisation file must not gate a repository that never opted in.
        if (!failed.inOwnFile && (await readFile(CONFIG_FILE, ref)) === null) return { config: null, problems: [] };
        return { config: null, problems: [failed.problem] };
      }
      // Only the repository's own file opts it in. Probot falls back to the organisation's
      // `.github` repository when there is none; that file is shared through `_extends` instead,
      // so that installing the app on an organisation never gates a repository by surprise.
      if (!files[0]?.config) {
        // Remembered with GitHub's answer to the cheaper question, asked once now.
        if (absent && !(await configEverCommitted(octokit, repo, ref))) absent.set(absentKey(repo, ref), true);
        return { config: null, problems: [] };
      }
      const present = files.filter((file) => file.config !== null);
      const label = (file: ConfigFile) => fileLabel(file, repo);
      const result = validateConfigValue(merged, label(present[0] as ConfigFile));
      if (result.config) return result;
      // Only on failure: fetch the layer that set each bad key, to point at its line.
      const problems = await Promise.all(
        result.problems.map(async (problem) => {
          if (!problem.key) return problem;
          const layer = present.find((file) => hasKey(file.config, problem.key as string)) ?? present[0];
          if (!layer) return problem;
          // Probot reads the org and `_extends` layers from their default branch.
          const ownLayer = layer.owner === repo.owner && layer.repo === repo.repo;
          const text = await readFile(layer.path, ownLayer ? ref : undefined, layer);
          return { ...problem, file: label(layer), ...(text === null ? {} : locateKey(text, problem.key)) };
        }),
      );
      return { config: null, problems };
    },
  };
}

/** Whether any commit on `ref` touched the repository's own config: none means it has none. */
async function configEverCommitted(octokit: Octokit, repo: RepoRef, ref: string): Promise<boolean> {
  try {
    const { data } = await octokit.rest.repos.listCommits({
      ...repo,
      sha: branchRef(ref),
      path: CONFIG_FILE,
      per_page: 1,
    });
    return data.length > 0;
  } catch {
    return true; // unknown: read the config itself
  }
}

const absentKey = (repo: RepoRef, ref: string) => `${repo.owner}/${repo.repo}@${ref}`;

function hasKey(config: unknown, key: string): boolean {
  let node: unknown = config;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, part)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return true;
}

function fileLabel(file: { owner: string; repo: string; path: string }, repo: RepoRef): string {
  return file.owner === repo.owner && file.repo === repo.repo ? file.path : `${file.owner}/${file.repo}:${file.path}`;
}

/** Turns Probot's config errors (bad YAML, bad `_extends`) into a problem the user can fix; other errors are ours. */
function configLoadProblem(error: unknown, repo: RepoRef): { problem: Problem; inOwnFile: boolean } | undefined {
  const message = error instanceof Error ? error.message : "";
  if (!message.startsWith("[@probot/octokit-plugin-config]")) return undefined;
  const url = /https?:\/\/\S+\/repos\/([^/]+)\/([^/]+)\/contents\/([^?\s]+)/.exec(message);
  const from = url
    ? { owner: url[1] as string, repo: url[2] as string, path: decodeURIComponent(url[3] as string) }
    : undefined;
  const file = from ? fileLabel(from, repo) : CONFIG_FILE;
  const inOwnFile = !from || (from.owner === repo.owner && from.repo === repo.repo && from.path === CONFIG_FILE);
  const cause = (error as { cause?: { message?: string; linePos?: { line: number; col: number }[] } }).cause;
  const position = cause?.linePos?.[0];
  const detail = cause?.message?.split("\n")[0] ?? message.replace("[@probot/octokit-plugin-config] ", "");
  return {
    problem: {
      severity: "error",
      file,
      ...(position ? { line: position.line, column: position.col } : {}),
      message: detail,
    },
    inOwnFile,
  };
}

export const statusOf = (error: unknown): number | undefined =>
  typeof error === "object" && error !== null && "status" in error
    ? Number((error as { status: unknown }).status)
    : undefined;
