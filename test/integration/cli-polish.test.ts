import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoRepo } from "../../src/cli/demo-repo.js";
import { main } from "../../src/cli/main.js";
import { COMMANDS } from "../../src/cli/usage.js";

let repo: string;
beforeAll(async () => {
  repo = await createDemoRepo();
});
afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
});

describe("CLI conventions", () => {
  it("--version prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(await main(["--version"])).toEqual({ code: 0, out: `squadgate ${version}`, err: "" });
  });

  it.each(Object.keys(COMMANDS))("%s --help exits 0 with that command's usage", async (command) => {
    const result = await main([command, "--help"]);
    expect(result).toMatchObject({ code: 0, err: "" });
    expect(result.out).toMatch(new RegExp(`^Usage: squadgate ${command} `));
    expect((await main(["help", command])).out).toBe(result.out);
  });

  it.each([
    [["validate", "--base", "main"], /Unknown option '--base'/],
    [["owners", "--exit-code", "a"], /Unknown option '--exit-code'/],
    [["assets", "--ref", "main", "--worktree"], /--ref and --worktree cannot be used together/],
    [["check", "--base", "main", "--format", "html"], /--format must be text, json or markdown/],
  ])("%j is a usage error (exit 2)", async (argv, message) => {
    const result = await main([...argv, "--repo", repo]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });

  it("a folder that is not a git repository says so, without git's own wording", async () => {
    const dir = await mkdtemp(join(tmpdir(), "squadgate-not-a-repo-"));
    try {
      const result = await main(["validate", "--repo", dir]);
      expect(result).toMatchObject({ code: 2, out: "" });
      expect(result.err).toBe(
        `squadgate: ${dir} is not in a git repository: run squadgate inside a clone, or pass --repo DIR`,
      );
      await writeFile(join(dir, "file"), "x");
      expect((await main(["assets", "--repo", join(dir, "file")])).err).toBe(
        `squadgate: ${join(dir, "file")} is not a folder`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("git's fatal:, hint: and warning: lines never reach the user", async () => {
    const result = await main(["check", "--repo", repo, "--base", "main", "--head", "no-such-branch"]);
    expect(result.code).toBe(2);
    expect(result.err).not.toMatch(/fatal:|hint:|warning:/);
  });
});

describe("check for scripts", () => {
  it("--exit-code exits 3 while approvals are missing, 0 when nothing needs one", async () => {
    expect((await main(["check", "--repo", repo, "--base", "main", "--head", "feature", "--exit-code"])).code).toBe(3);
    expect((await main(["check", "--repo", repo, "--base", "main", "--head", "feature"])).code).toBe(0);
    expect((await main(["check", "--repo", repo, "--base", "main", "--head", "main", "--exit-code"])).code).toBe(0);
  });

  it("--format markdown prints what the check run would say", async () => {
    const result = await main(["check", "--repo", repo, "--base", "main", "--head", "feature", "--format", "markdown"]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /^### Waiting for @ds, @legal, 8 required checklist items \(0 of 2 approved\)\n\n\| \| Role \| Approvals/,
    );
    // The same engine as on GitHub: a pull request just opened has no checklist item ticked yet.
    expect(result.out).toContain(
      "- ⏳ Dataset change: Personal data removed or anonymised; sensitive fields protected — required.",
    );
    expect(result.out).toContain(
      "| ⏳ | `@legal` Legal / responsible AI — licences, data use | 0/1 | — | @lee-legal | 1 file: `datasets/refunds.jsonl` |",
    );
  });
});

describe("owners paths", () => {
  it("reads more paths from stdin, one per line, spaces kept", async () => {
    const result = await main(["owners", "--repo", repo, "--ref", "main", "--stdin", "--json"], {
      stdin: async () => "prompts/support/new prompt.txt\r\n\ndatasets/a b.csv\n",
    });
    expect(JSON.parse(result.out).entries.map((e: { path: string; owners: string[] }) => [e.path, e.owners])).toEqual([
      ["prompts/support/new prompt.txt", ["@ds"]],
      ["datasets/a b.csv", ["@ds", "@legal"]],
    ]);
  });

  it("takes paths relative to the current folder inside the repository, and from the top outside it", async () => {
    const inside = await main(["owners", "--ref", "main", "--json", "system.prompt", "../../models/chat.yaml"], {
      cwd: join(repo, "prompts/support"),
    });
    expect(JSON.parse(inside.out).entries.map((e: { path: string }) => e.path)).toEqual([
      "prompts/support/system.prompt",
      "models/chat.yaml",
    ]);
    const outside = await main(
      ["owners", "--repo", repo, "--ref", "main", "--json", "./models/chat.yaml", "/prompts/x.txt"],
      { cwd: tmpdir() },
    );
    expect(JSON.parse(outside.out).entries.map((e: { path: string }) => e.path)).toEqual([
      "models/chat.yaml",
      "prompts/x.txt",
    ]);
    const escaping = await main(["owners", "--ref", "main", "../../../x"], { cwd: join(repo, "prompts/support") });
    expect(escaping).toMatchObject({ code: 2, err: expect.stringContaining("../../../x is outside the repository") });
  });
});
