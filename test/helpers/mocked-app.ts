import nock from "nock";
import type { Probot } from "probot";
import { afterEach, beforeEach, expect } from "vitest";
import { OWNER, REPO } from "./fixtures.js";
import { GitHubMock } from "./github-mock.js";
import { createTestProbot } from "./test-probot.js";

/**
 * Per test: a fresh Probot running the app, a strict nock scope for GitHub (no real network), and
 * at the end a check that every mocked call was made. `ready` hands both to the test file.
 */
export function useMockedApp(ready: (app: { probot: Probot; github: GitHubMock }) => void): void {
  let github: GitHubMock;
  beforeEach(async () => {
    nock.disableNetConnect();
    const { probot } = await createTestProbot();
    github = new GitHubMock(OWNER, REPO);
    ready({ probot, github });
  });
  afterEach(() => {
    const pending = github.scope.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });
}
