import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { FakePull, FakeRepo } from "../fake-github/state.js";

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/webhooks/${name}.json`, import.meta.url), "utf8")) as Record<
    string,
    any
  >;

const repoJson = (repo: FakeRepo) => ({
  id: repo.id,
  name: repo.name,
  full_name: `${repo.owner}/${repo.name}`,
  private: false,
  default_branch: repo.defaultBranch,
  owner: { login: repo.owner, id: 1, type: "Organization" },
});

function pullJson(repo: FakeRepo, pull: FakePull) {
  const base = fixture("pull_request.opened")["pull_request"];
  return {
    ...base,
    number: pull.number,
    state: pull.state,
    draft: pull.draft,
    title: pull.title,
    body: pull.body,
    user: { login: pull.author, id: 2, type: pull.authorType ?? "User" },
    head: { ref: pull.headRef, sha: pull.headSha, repo: repoJson(repo) },
    base: { ref: pull.baseRef, sha: pull.baseSha, repo: repoJson(repo) },
    requested_reviewers: pull.requestedUsers.map((login) => ({ login, id: 3, type: "User" })),
    requested_teams: pull.requestedTeams.map((slug) => ({ slug })),
  };
}

/** GitHub's pull_request example, re-aimed at the fake's repository and pull request. */
export function pullRequestEvent(repo: FakeRepo, pull: FakePull, action: string, extra: Record<string, unknown> = {}) {
  return {
    ...fixture("pull_request.opened"),
    action,
    number: pull.number,
    pull_request: pullJson(repo, pull),
    repository: repoJson(repo),
    installation: { id: 1 },
    ...extra,
  };
}

export function reviewEvent(repo: FakeRepo, pull: FakePull, login: string, state: string) {
  const base = fixture("pull_request_review.submitted");
  return {
    ...base,
    review: {
      ...base["review"],
      state: state.toLowerCase(),
      user: { login, id: 4, type: "User" },
      commit_id: pull.headSha,
    },
    pull_request: pullJson(repo, pull),
    repository: repoJson(repo),
    sender: { login, id: 4, type: "User" },
    installation: { id: 1 },
  };
}

export function commentEvent(
  repo: FakeRepo,
  pull: FakePull,
  comment: { id: number; body: string; login: string; type?: string },
) {
  const base = fixture("issue_comment.created");
  const user = { login: comment.login, id: 5, type: comment.type ?? "User" };
  return {
    ...base,
    issue: { ...base["issue"], number: pull.number, pull_request: { url: "https://api.github.com/x" } },
    comment: { ...base["comment"], id: comment.id, body: comment.body, user, created_at: new Date().toISOString() },
    repository: repoJson(repo),
    sender: user,
    installation: { id: 1 },
  };
}

export interface Delivery {
  name: string;
  payload: unknown;
  id?: string;
  /** Override the signature (forgeries), or null to send none. */
  signature?: string | null;
}

/** Posts a webhook delivery to the app as GitHub does, signed with the shared secret. */
export async function deliver(
  appUrl: string,
  secret: string,
  delivery: Delivery,
): Promise<{ status: number; body: string }> {
  const body = JSON.stringify(delivery.payload);
  const signature =
    delivery.signature === undefined
      ? `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`
      : delivery.signature;
  const response = await fetch(`${appUrl}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": delivery.name,
      "x-github-delivery": delivery.id ?? randomUUID(),
      "user-agent": "GitHub-Hookshot/e2e",
      ...(signature === null ? {} : { "x-hub-signature-256": signature }),
    },
    body,
  });
  return { status: response.status, body: await response.text() };
}

/** A completed run of a workflow (`run` as GitHub's `workflow_run` object), in the fake's repository. */
export function workflowRunCompleted(repo: FakeRepo, run: Record<string, unknown>) {
  return { action: "completed", workflow_run: run, repository: repoJson(repo), installation: { id: 1 } };
}
