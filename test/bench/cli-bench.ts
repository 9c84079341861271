/**
 * The CLI end to end, as a user runs it (`node lib/cli/bin.js`, process start included), on a
 * synthetic repository shaped like a large eval harness: `assets --json` over a 16,000-file tree and
 * `check --json` over a 12,000-file range. The repository is written with `git fast-import`, so
 * building it takes a second, not minutes. Median wall time over several runs.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";

const exec = promisify(execFile);
const BIN = new URL("../../lib/cli/bin.js", import.meta.url).pathname;

export interface CliBenchResult {
  files: number;
  changed: number;
  assets: number;
  runs: number;
  assetsMedianMs: number;
  checkMedianMs: number;
}

const POLICY = `roles:
  ds:
    members: [dana, acme/data-science]
  mle:
    members: [acme/ml-platform]
  legal:
    members: [lee]
assets:
  eval: ["harness/tasks/**/*.yaml", "**/evals/**/*.{yaml,json,jsonl}"]
`;

/** One path per file: task configs (assets, like lm-evaluation-harness), code, tests, prompts, data and docs. */
function treePaths(total: number): string[] {
  const paths: string[] = [];
  for (let i = 0; paths.length < total; i++) {
    const group = `g${i % 400}`;
    const shape = i % 8;
    paths.push(
      shape <= 2
        ? `harness/tasks/${group}/task_${i}.yaml`
        : shape === 3
          ? `harness/tasks/${group}/utils_${i}.py`
          : shape === 4
            ? `src/app/module${i % 90}/file${i}.ts`
            : shape === 5
              ? `services/svc-${i % 60}/prompts/p${i}.jinja2`
              : shape === 6
                ? `data/train/part-${i}.jsonl`
                : `tests/testdata/case_${i}-res.json`,
    );
  }
  return paths;
}

function ownershipText(): string {
  const rules = ["* @acme/backend", "/harness/tasks/ @ds", "/data/ @ds @legal"];
  for (let i = 0; i < 60; i++) rules.push(`/services/svc-${i}/prompts/ @ds`, `/services/svc-${i}/models/ @mle`);
  for (let i = 0; i < 400; i += 7) rules.push(`/harness/tasks/g${i}/ @ds @mle`);
  return `${rules.join("\n")}\n`;
}

/** A fast-import stream: `main` with every file, `feature` changing the first `changed` of them. */
function importStream(paths: readonly string[], changed: number): string {
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const out = [
    `blob\nmark :1\n${data("base\n")}`,
    `blob\nmark :2\n${data("head\n")}`,
    `blob\nmark :3\n${data(POLICY)}`,
    `blob\nmark :4\n${data(ownershipText())}`,
  ];
  const who = "committer Bench <bench@squadgate.invalid> 1700000000 +0000\n";
  out.push(`commit refs/heads/main\nmark :10\n${who}${data("base")}`);
  out.push("M 100644 :3 .github/squadgate.yml\nM 100644 :4 .github/SQUADOWNERS\n");
  out.push(paths.map((path) => `M 100644 :1 ${path}\n`).join(""));
  out.push(`commit refs/heads/feature\n${who}${data("feature")}from :10\n`);
  out.push(
    paths
      .slice(0, changed)
      .map((path) => `M 100644 :2 ${path}\n`)
      .join(""),
  );
  return out.join("");
}

async function timed(args: string[]): Promise<{ ms: number; stdout: string }> {
  const started = performance.now();
  const { stdout } = await exec(process.execPath, [BIN, ...args], { maxBuffer: 256 * 1024 * 1024 });
  return { ms: performance.now() - started, stdout };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export async function benchCli({ files = 16_000, changed = 12_000, runs = 7 } = {}): Promise<CliBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), "squadgate-cli-bench-"));
  try {
    // A work tree that stays empty: the commands read commits, and the refs are all they need.
    await exec("git", ["init", "--quiet", "--initial-branch=unused", dir]);
    const child = spawn("git", ["-C", dir, "fast-import", "--quiet"], { stdio: ["pipe", "ignore", "inherit"] });
    const done = new Promise((resolve, reject) =>
      child.on("close", (code) => (code === 0 ? resolve(code) : reject(new Error(`fast-import exited ${code}`)))),
    );
    child.stdin.end(importStream(treePaths(files - 2), changed));
    await done;
    const assetTimes: number[] = [];
    const checkTimes: number[] = [];
    let assets = 0;
    for (let i = 0; i < runs; i++) {
      const a = await timed(["assets", "--repo", dir, "--ref", "main", "--json"]);
      assetTimes.push(a.ms);
      assets = (JSON.parse(a.stdout) as { assets: unknown[] }).assets.length;
      checkTimes.push((await timed(["check", "--repo", dir, "--base", "main", "--head", "feature", "--json"])).ms);
    }
    return { files, changed, assets, runs, assetsMedianMs: median(assetTimes), checkMedianMs: median(checkTimes) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
