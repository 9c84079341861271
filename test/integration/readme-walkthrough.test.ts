import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { cp, rm } from "node:fs/promises";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { createRepo, type TestRepo } from "../helpers/git-repo.js";

/**
 * The README's "Adopting Squadgate on an existing repository" walkthrough, run as written: each
 * `sh` block's commands in order (`squadgate …` through the CLI in-process, anything else through
 * bash), each `text` block compared with what the commands before it printed (git's excepted).
 */
const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const SECTION = README.split("\n## ").find((s) => s.startsWith("Adopting Squadgate on an existing repository")) ?? "";
const BLOCKS = [...SECTION.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({
  lang: m[1] as string,
  body: m[2] as string,
}));
const DEMO_BASE = new URL("../../fixtures/demo/base/", import.meta.url).pathname;
const exec = promisify(execFile);
const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@t.invalid",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@t.invalid",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

let repo: TestRepo | undefined;
afterAll(async () => {
  if (repo) await rm(repo.dir, { recursive: true, force: true });
});

/** The demo's support bot before it adopted Squadgate, with the CODEOWNERS the README shows. */
async function startingRepo(): Promise<TestRepo> {
  const codeowners = BLOCKS.find((b) => b.lang === "codeowners")?.body ?? "";
  const r = await createRepo({ ".github/CODEOWNERS": codeowners });
  await cp(DEMO_BASE, r.dir, { recursive: true, filter: (src) => !/squadgate\.yml$|SQUADOWNERS$/.test(src) });
  await r.commit("The support bot, before Squadgate");
  return r;
}

async function runLine(line: string, dir: string): Promise<string> {
  const command = line.replace(/\s{2,}#.*$/, "").trim();
  if (!command.startsWith("squadgate ")) {
    const { stdout } = await exec("bash", ["-c", command], { cwd: dir, env: { ...process.env, ...GIT_IDENTITY } });
    // git's own chatter ("[branch abc123] message") is not what the README shows.
    return command.startsWith("git ") ? "" : stdout.trimEnd();
  }
  const result = await main(command.split(/\s+/).slice(1), { cwd: dir });
  expect(result.err, command).toBe("");
  return result.out;
}

describe("README: adopting Squadgate on an existing repository", () => {
  it("has the blocks the walkthrough needs", () => {
    expect(BLOCKS.filter((b) => b.lang === "sh").length).toBeGreaterThanOrEqual(2);
    expect(BLOCKS.filter((b) => b.lang === "text").length).toBeGreaterThanOrEqual(2);
  });

  it("works as written, and prints what it shows", async () => {
    repo = await startingRepo();
    let printed: string[] = [];
    for (const block of BLOCKS) {
      if (block.lang === "sh") {
        for (const line of block.body.split("\n").filter((l) => l.trim() && !l.trim().startsWith("#"))) {
          const out = await runLine(line, repo.dir);
          if (out) printed.push(out);
        }
      } else if (block.lang === "text") {
        expect(printed.join("\n")).toBe(block.body.trimEnd());
        printed = [];
      }
    }
    expect(await repo.git("status", "--porcelain")).toBe("");
  });
});
