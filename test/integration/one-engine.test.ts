import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { promisify } from "node:util";
import type { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoRepo } from "../../src/cli/demo-repo.js";
import { main } from "../../src/cli/main.js";
import { BASE_REF, changedFile, livePullRequest, PR_NUMBER, readFixture, webhook } from "../helpers/fixtures.js";
import type { GitHubMock } from "../helpers/github-mock.js";
import { useMockedApp } from "../helpers/mocked-app.js";

const exec = promisify(execFile);
let repo: string;
let probot: Probot;
let github: GitHubMock;

beforeAll(async () => {
  repo = await createDemoRepo();
});
afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
});
useMockedApp((app) => ({ probot, github } = app));

describe("one engine, two fronts", () => {
  it("squadgate check prints the verdict and summary the app posts on GitHub for the same change", async () => {
    const cli = await main(["check", "--repo", repo, "--base", "main", "--head", "feature", "--format", "markdown"]);
    const { stdout } = await exec("git", ["-C", repo, "diff", "--name-status", "main", "feature"]);
    const files = stdout
      .trim()
      .split("\n")
      .map((line) => line.split("\t"))
      .map(([status, path]) => changedFile(path ?? "", status === "A" ? "added" : "modified"));
    const pr = livePullRequest({ changed_files: files.length, body: "" });
    github
      .config(BASE_REF, readFixture("demo/base/.github/squadgate.yml"))
      .file(".github/SQUADOWNERS", BASE_REF, readFixture("demo/base/.github/SQUADOWNERS"))
      .pull(PR_NUMBER, pr)
      .files(PR_NUMBER, files)
      .reviews(PR_NUMBER, [])
      .checkRuns(pr["head"].sha, [])
      .requestReviewers(PR_NUMBER)
      .pull(PR_NUMBER, pr)
      .createCheck();
    github.scope.patch(`${github.repoPath}/pulls/${PR_NUMBER}`).reply(200, {});
    const opened = webhook("pull_request.opened");
    await probot.receive({
      id: "1",
      name: "pull_request",
      payload: { ...opened, pull_request: { ...opened["pull_request"], body: "" } },
    } as never);

    const check = github.writtenCheck(1);
    const output = check["output"] as { title: string; summary: string };
    expect(cli.out).toBe(`### ${output.title}\n\n${output.summary}`);
    expect(output.title).toBe("Waiting for @ds, @legal, 8 required checklist items (0 of 2 approved)");
  });
});
