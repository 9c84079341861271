import { readFileSync } from "node:fs";

const FIXTURES = new URL("../../fixtures/", import.meta.url);

export function readFixture(path: string): string {
  return readFileSync(new URL(path, FIXTURES), "utf8");
}

/** A GitHub webhook payload from `fixtures/webhooks` (trimmed from @octokit/webhooks-examples). */
export function webhook<T = Record<string, any>>(name: string): T {
  return JSON.parse(readFixture(`webhooks/${name}.json`)) as T;
}

export const OWNER = "Codertocat";
export const REPO = "Hello-World";
export const PR_NUMBER = 2;
export const HEAD_SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
export const BASE_REF = "master";

/** The pull request as `GET /pulls/:n` returns it: the payload's pull request, with overrides. */
export function livePullRequest(overrides: Record<string, unknown> = {}): Record<string, any> {
  const pr = webhook("pull_request.opened")["pull_request"];
  return { ...pr, changed_files: 1, labels: [], requested_reviewers: [], requested_teams: [], ...overrides };
}

export const changedFile = (filename: string, status = "modified") => ({
  filename,
  status,
  additions: 1,
  deletions: 1,
  changes: 2,
});
