import type { ProbotOctokit } from "probot";

export type Octokit = InstanceType<typeof ProbotOctokit>;

// Type aliases rather than interfaces: Octokit's parameter types need an implicit index signature.
export type RepoRef = { owner: string; repo: string };
export type PullRef = RepoRef & { pull_number: number };
