import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { createRepo, type TestRepo } from "../helpers/git-repo.js";

/** An existing repository with AI assets and a CODEOWNERS, before Squadgate. */
const EXISTING = {
  ".github/CODEOWNERS": "*  @acme/backend\n/prompts/  @acme/data-science\n/models/  @acme/ml-platform\n",
  "prompts/support/system.md": "You are a support agent.\n",
  "prompts/support/README.md": "How the support prompts are written.\n",
  "datasets/faq.jsonl": '{"q":"hi"}\n',
  "models/chat.yaml": "model: gpt-4o\n",
  "evals/promptfooconfig.yaml": "prompts: []\n",
  "evals/run.py": "print('eval')\n",
  "src/app.ts": "export {};\n",
};

let repo: TestRepo | undefined;
afterEach(async () => {
  if (repo) await rm(repo.dir, { recursive: true, force: true });
  repo = undefined;
});
const open = async (files: Record<string, string> = EXISTING) => (repo = await createRepo(files));
const cli = (r: TestRepo, ...argv: string[]) => main(argv, { cwd: r.dir });

describe("squadgate init", () => {
  it("drafts both files from the tree and CODEOWNERS, says what it wrote and what to do next", async () => {
    const r = await open();
    const init = await cli(r, "init");
    expect(init.code).toBe(0);
    expect(init.out).toMatch(
      /^Wrote \.github\/squadgate\.yml \(2 roles: ds, mle; mode: report\) and \.github\/SQUADOWNERS \(\d+ rules\)\.\nFound 4 AI assets in 8 files: prompt 1, dataset 1, model-config 1, eval 1\./,
    );
    expect(init.out).toContain("Role members come from .github/CODEOWNERS");
    expect(init.out).toContain("squadgate validate --worktree");
    const config = await readFile(join(r.dir, ".github/squadgate.yml"), "utf8");
    // Ranked by how many of the role's assets each owns today: the catch-all team owns two.
    expect(config).toContain("members: [acme/backend, acme/data-science]");
    expect(config).toContain("members: [acme/ml-platform]");
    expect(config).toMatch(/# {3}prompt\s+1 file\n/);
    const validate = await cli(r, "validate", "--worktree");
    expect(validate).toMatchObject({
      code: 0,
      out: "✓ .github/squadgate.yml and .github/SQUADOWNERS in the working tree: 2 roles, 6 ownership rules: valid.",
    });
  });

  it("never overwrites, and --dry-run writes nothing", async () => {
    const r = await open();
    const dry = await cli(r, "init", "--dry-run");
    expect(dry.out).toMatch(/^--- \.github\/squadgate\.yml \(not written: --dry-run\)\n# Squadgate policy/);
    expect((await cli(r, "validate", "--worktree")).code).toBe(1);
    await writeFile(join(r.dir, ".github/squadgate.yml"), "mode: report\n");
    const again = await cli(r, "init");
    expect(again.code).toBe(1);
    expect(again.out).toContain("exists already, and init never overwrites it");
    expect(await readFile(join(r.dir, ".github/squadgate.yml"), "utf8")).toBe("mode: report\n");
  });
});

describe("the working tree", () => {
  it("validate, owners, assets and check read uncommitted edits with --worktree; refs read commits as before", async () => {
    const r = await open();
    await cli(r, "init");
    expect((await cli(r, "validate")).out).toContain("No .github/squadgate.yml in HEAD");
    await r.commit("Adopt Squadgate");
    await writeFile(join(r.dir, ".github/SQUADOWNERS"), "/prompts/ @dss\n");
    expect((await cli(r, "validate", "--worktree")).out).toContain(
      "error   .github/SQUADOWNERS:1: unknown role @dss (declared roles: @ds, @mle).",
    );
    expect((await cli(r, "validate")).code).toBe(0);
    await writeFile(join(r.dir, ".github/SQUADOWNERS"), "/prompts/ @mle\n");
    const owners = JSON.parse((await cli(r, "owners", "--worktree", "--json", "prompts/support/system.md")).out);
    expect(owners.entries[0].owners).toEqual(["@mle"]);
    const assets = JSON.parse((await cli(r, "assets", "--worktree", "--json")).out);
    expect(assets.byRole).toEqual({ "@mle": 1 });
    expect(assets.unowned).toEqual(["datasets/faq.jsonl", "evals/promptfooconfig.yaml", "models/chat.yaml"]);
    await r.git("switch", "--quiet", "-c", "edit");
    await r.commit("Edit a prompt", { "prompts/support/system.md": "You are a careful support agent.\n" });
    const fromBase = JSON.parse((await cli(r, "check", "--base", "main", "--json")).out);
    const fromWorktree = JSON.parse((await cli(r, "check", "--base", "main", "--worktree", "--json")).out);
    // The edit branch also carries the new SQUADOWNERS, a policy file: from the base its drafted rule
    // names both roles; on disk no rule owns it any more, so every role stands in for its owners.
    const ids = (result: { required: { id: string; files: string[] }[] }) =>
      result.required.map((r) => `${r.id}: ${r.files.join(" ")}`);
    expect(ids(fromBase)).toEqual(["@ds: .github/SQUADOWNERS prompts/support/system.md", "@mle: .github/SQUADOWNERS"]);
    expect(ids(fromWorktree)).toEqual([
      "@ds: .github/SQUADOWNERS",
      "@mle: .github/SQUADOWNERS prompts/support/system.md",
    ]);
    expect(fromWorktree.policyFrom).toBe("working tree");
  });
});

describe("squadgate assets", () => {
  it("lists every asset with kinds, owners and rule, totals by kind and role, and the unowned", async () => {
    const r = await open();
    await cli(r, "init");
    await r.commit("Adopt Squadgate", { ".github/SQUADOWNERS": "/prompts/ @ds\n/models/ @mle\n" });
    const result = await cli(r, "assets");
    expect(result.code).toBe(0);
    expect(result.out.split("\n").map((line) => line.trimEnd())).toEqual([
      "AI assets in HEAD: 4 of 10 files (owners from .github/SQUADOWNERS)",
      "",
      "By kind:",
      "  prompt        1",
      "  dataset       1",
      "  model-config  1",
      "  eval          1",
      "",
      "By role:",
      "  @ds   1 asset",
      "  @mle  1 asset",
      "",
      "Unowned (2): changing these needs nobody's approval",
      "  datasets/faq.jsonl",
      "  evals/promptfooconfig.yaml",
      "",
      "Assets (path, kinds, owners, deciding rule):",
      "  datasets/faq.jsonl          dataset       -     -",
      "  evals/promptfooconfig.yaml  eval          -     -",
      "  models/chat.yaml            model-config  @mle  .github/SQUADOWNERS:2 /models/",
      "  prompts/support/system.md   prompt        @ds   .github/SQUADOWNERS:1 /prompts/",
      "",
      'warning .github/SQUADOWNERS: no rule owns .github/squadgate.yml, so every declared role must approve a change to it; add a rule such as "/.github/ @legal" to name its owners',
      'warning .github/SQUADOWNERS: no rule owns .github/SQUADOWNERS, so every declared role must approve a change to it; add a rule such as "/.github/ @legal" to name its owners',
    ]);
  });

  it("before init: the built-in kinds and no owners; long lists end with how many more, --json keeps all", async () => {
    const prompts = Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => [`prompts/p${String(i).padStart(2, "0")}.md`, "x\n"]),
    );
    const r = await open(prompts);
    const text = (await cli(r, "assets")).out.split("\n");
    expect(text[1]).toBe(
      "No .github/squadgate.yml here, so these are the built-in asset kinds and nothing has an owner yet: squadgate init drafts a policy.",
    );
    expect(text.at(-1)).toBe("  … and 10 more (--all or --json lists every one)");
    expect(text.filter((line) => line.startsWith("  prompts/"))).toHaveLength(50);
    expect(
      (await cli(r, "assets", "--all")).out.split("\n").filter((line) => line.startsWith("  prompts/")),
    ).toHaveLength(60);
    expect(JSON.parse((await cli(r, "assets", "--json")).out).assets).toHaveLength(60);
  });
});
