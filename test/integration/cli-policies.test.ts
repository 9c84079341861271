import { rm } from "node:fs/promises";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { readFixture } from "../helpers/fixtures.js";
import { createRepo, type TestRepo } from "../helpers/git-repo.js";

/** `squadgate check` runs the app's pipeline on git: the providers policy reads both versions from git. */
const CONFIG = `
roles:
  ds:
    members: [dana]
  legal:
    members: [lee]
checklists:
  where: off
agents: {}
providers:
  roles: [legal]
`;
const repos: TestRepo[] = [];
afterAll(async () => {
  for (const repo of repos) await rm(repo.dir, { recursive: true, force: true });
});

describe("squadgate check with the AI policies", () => {
  it("names the old and new vendor of a prompt, and requires legal, as the app's check would", async () => {
    const repo = await createRepo({
      ".github/squadgate.yml": CONFIG,
      ".github/SQUADOWNERS": "/prompts/ @ds\n",
      "prompts/support.prompty": readFixture("providers/prompty/basic.prompty"),
    });
    repos.push(repo);
    await repo.git("switch", "--quiet", "-c", "feature");
    await repo.commit("Move the support prompt to MiniMax", {
      "prompts/support.prompty": readFixture("providers/prompty/minimax-chat.prompty"),
    });

    const result = await main([
      "check",
      "--repo",
      repo.dir,
      "--base",
      "main",
      "--head",
      "feature",
      "--format",
      "markdown",
    ]);

    expect(result.out).toMatch(/^### Waiting for @ds, @legal \(0 of 2 approved\)\n/);
    expect(result.out).toContain(
      "### Model providers\n- ⚠️ `prompts/support.prompty` line 7: `azure` (`gpt-4o`) → `minimax` (`MiniMax-M2.5`): a new vendor (`minimax`); `@legal` must approve.",
    );
    // Who wrote the commits is GitHub's to say: locally the agent policy finds nothing to go on.
    expect(result.out).not.toContain("AI agent");
  });
});
