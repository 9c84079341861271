import { execFile } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoRepo } from "../../src/cli/demo-repo.js";
import { main } from "../../src/cli/main.js";

const exec = promisify(execFile);
let repo: string;

beforeAll(async () => {
  repo = await createDemoRepo();
});
afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
});

const git = (...args: string[]) =>
  exec("git", ["-C", repo, "-c", "user.name=t", "-c", "user.email=t@t.invalid", ...args]);

describe("squadgate CLI on the demo repository", () => {
  it("check: the assets, the required roles and why", async () => {
    const result = await main(["check", "--repo", repo, "--base", "main", "--head", "feature", "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({
      enabled: true,
      base: "main",
      head: "feature",
      conclusion: "action_required",
      title: "Waiting for @ds, @legal, 8 required checklist items (0 of 2 approved)",
      assets: [
        { path: "datasets/refunds.jsonl", kinds: ["dataset"] },
        { path: "prompts/support/system.prompt", kinds: ["prompt"] },
      ],
      required: [
        {
          id: "@ds",
          approvals: 1,
          canApprove: ["@dana-ds", "@acme/data-science"],
          files: ["datasets/refunds.jsonl", "prompts/support/system.prompt"],
        },
        { id: "@legal", approvals: 1, canApprove: ["@lee-legal"], files: ["datasets/refunds.jsonl"] },
      ],
      unowned: [],
      problems: [],
    });
  });

  it("owners: owners, the deciding rule's line and the asset kinds", async () => {
    const result = await main(["owners", "--repo", repo, "--ref", "main", "--json", "./datasets/x.csv", "src/a.ts"]);
    expect(JSON.parse(result.out).entries).toEqual([
      {
        path: "datasets/x.csv",
        owners: ["@ds", "@legal"],
        rule: { line: 4, pattern: "/datasets/" },
        kinds: ["dataset"],
      },
      { path: "src/a.ts", owners: ["@swe"], rule: { line: 2, pattern: "*" }, kinds: [] },
    ]);
  });

  it("validate: a valid policy exits 0", async () => {
    const result = await main(["validate", "--repo", repo, "--ref", "main"]);
    expect(result).toMatchObject({ code: 0, out: expect.stringMatching(/^✓ .*4 roles, 5 ownership rules: valid\.$/) });
  });

  it("validate and check: a broken policy in a branch exits 1 with file and line", async () => {
    await git("checkout", "--quiet", "-b", "broken", "main");
    await writeFile(join(repo, ".github/SQUADOWNERS"), "/prompts/ @ds\n/models/ @mlops\n");
    await git("commit", "--quiet", "-am", "typo in a role");

    const validate = await main(["validate", "--repo", repo, "--ref", "broken"]);
    expect(validate.code).toBe(1);
    expect(validate.out).toContain(
      "error   .github/SQUADOWNERS:2: unknown role @mlops (declared roles: @ds, @mle, @legal, @swe)",
    );

    await writeFile(join(repo, ".github/SQUADOWNERS"), "/prompts/ @ds\n/models/[ab]/ @mle\n");
    await git("commit", "--quiet", "-am", "a range GitHub does not support");
    const unsupported = await main(["validate", "--repo", repo, "--ref", "broken"]);
    expect(unsupported.code).toBe(1);
    expect(unsupported.out).toMatch(/error {3}\.github\/SQUADOWNERS:2: .*the line is ignored, as GitHub does/);
    // A PR that leaves an existing unsupported line alone is not blamed for it.
    await git("checkout", "--quiet", "-b", "unsupported-base", "broken");
    await writeFile(join(repo, "notes.md"), "unrelated\n");
    await writeFile(join(repo, ".github/SQUADOWNERS"), "# moved down a line\n/prompts/ @ds\n/models/[ab]/ @mle\n");
    await git("add", ".");
    await git("commit", "--quiet", "-m", "a comment above the old line");
    const movedLine = await main(["check", "--repo", repo, "--base", "broken", "--head", "unsupported-base"]);
    expect(movedLine.out).not.toContain("in this pull request");
    expect(movedLine.out).toMatch(/warning \.github\/SQUADOWNERS:2: /);
    await git("checkout", "--quiet", "broken");

    await writeFile(join(repo, ".github/SQUADOWNERS"), "/prompts/ @ds\n/models/ @mlops\n");
    await git("commit", "--quiet", "-am", "typo in a role");

    // The gate on main's policy still runs; the branch's broken ownership file is reported against the PR.
    const check = await main(["check", "--repo", repo, "--base", "main", "--head", "broken"]);
    expect(check.code).toBe(1);
    expect(check.out).toContain("error   .github/SQUADOWNERS:2: in this pull request: unknown role @mlops");
    await git("checkout", "--quiet", "feature");
  });

  it.each([
    [[], 2, /Usage:/],
    [["frobnicate"], 2, /unknown command "frobnicate"/],
    [["check", "--repo", "."], 2, /check needs --base REF/],
    [["owners", "--repo", "."], 2, /owners needs at least one PATH/],
    [["check", "--bogus"], 2, /Unknown option '--bogus'/],
  ])("usage error %j exits %i", async (argv, code, message) => {
    const result = await main(argv as string[]);
    expect(result.code).toBe(code);
    expect(result.err).toMatch(message);
  });

  it("a ref that does not exist is a clear git error", async () => {
    const result = await main(["check", "--repo", repo, "--base", "nope"]);
    expect(result).toMatchObject({ code: 2, err: expect.stringMatching(/"nope" is not a commit, branch or tag/) });
  });

  it("a repository without squadgate.yml says Squadgate is not enabled", async () => {
    await git("checkout", "--quiet", "--orphan", "empty");
    await git("rm", "-rf", "--quiet", ".");
    await writeFile(join(repo, "README.md"), "x\n");
    await git("add", "README.md");
    await git("commit", "--quiet", "-m", "empty");
    const empty = await main(["validate", "--repo", repo, "--ref", "empty"]);
    expect(empty).toMatchObject({
      code: 1,
      out: "No .github/squadgate.yml in empty: Squadgate is not enabled here. Run squadgate init to draft one.",
    });
    await git("checkout", "--quiet", "--force", "feature");
  });
});
