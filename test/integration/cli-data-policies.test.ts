import { rm } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { readFixture } from "../helpers/fixtures.js";
import { createRepo, type TestRepo } from "../helpers/git-repo.js";
import { mask } from "../../src/core/policies/sensitive-data/mask.js";

/**
 * `squadgate check` runs the data policies on a local branch as the app does on GitHub: the cards
 * come from git at the base and head, the added lines from git's own diff.
 */
const CONFIG = `
checklists:
  where: off
roles:
  ds:
    members: [dana]
  legal:
    members: [lee]
  privacy:
    members: [pia]
licences:
  role: legal
sensitive_data:
  role: privacy
`;

let repo: TestRepo | undefined;
afterEach(async () => {
  if (repo) await rm(repo.dir, { recursive: true, force: true });
});

describe("squadgate check with the data policies", () => {
  it("names the licence change and the personal data a branch adds, masked, with their lines", async () => {
    const card = "datasets/tickets/README.md";
    repo = await createRepo({
      ".github/squadgate.yml": CONFIG,
      ".github/SQUADOWNERS": "/datasets/ @ds\n",
      [card]: readFixture("cards/qwen2.5-1.5b-anti-sycophancy-lora.md"),
      "datasets/tickets/train.jsonl": '{"text": "hello"}\n',
    });
    await repo.git("switch", "--quiet", "-c", "feature");
    await repo.commit("more tickets", {
      [card]: readFixture("cards/cmmlu.md"),
      "datasets/tickets/train.jsonl": '{"text": "hello"}\n{"text": "mail dana.rossi@mailbox.eu"}\n',
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
    expect(result.out).toContain("### Waiting for @ds, @legal, @privacy (0 of 3 approved)");
    expect(result.out).toContain(
      "| ⚠️ | `datasets/tickets/README.md:2`; 2 changed files | `cc-by-nc-4.0` (was `apache-2.0`) | non-commercial |",
    );
    expect(result.out).toContain(
      `- \`datasets/tickets/train.jsonl:2\`: email address \`${mask("dana.rossi@mailbox.eu")}\``,
    );
    expect(result.out).not.toContain("dana.rossi@mailbox.eu");
  });
});
