/**
 * CPU cost of one gate decision for a large pull request: 1,000 ownership rules, the 4 built-in
 * asset kinds, 3,000 changed files (a third of them AI assets), reviews from several roles.
 * Measured with process.cpuUsage (user + system), median over runs; parsing the policy included.
 */
import { performance } from "node:perf_hooks";
import { parseConfigText } from "../../src/config/validate-config.js";
import { decideGate } from "../../src/core/gate/decide.js";
import type { ChangedFile, PullRequestFacts } from "../../src/core/gate/types.js";
import { buildPolicy } from "../../src/core/policy.js";

export interface DecideBenchResult {
  files: number;
  rules: number;
  runs: number;
  medianCpuMs: number;
  medianWallMs: number;
  required: number;
}

const ROLES = ["ds", "mle", "legal", "swe", "pm"];

/** A seeded PRNG (mulberry32), so every run sees the same inputs. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function inputs(seed = 7) {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const areas = Array.from({ length: 120 }, (_, i) => `services/svc-${i}`);
  const rules = ["* @swe"];
  for (let i = 1; i < 1000; i++) {
    const area = pick(areas);
    const kind = i % 5;
    rules.push(
      kind === 0
        ? `/${area}/ @${pick(ROLES)}`
        : kind === 1
          ? `/${area}/prompts/ @ds @${pick(ROLES)}`
          : kind === 2
            ? `*.${pick(["ts", "py", "go", "md", "jsonl"])} @${pick(ROLES)}`
            : kind === 3
              ? `${area}/**/datasets/ @ds @legal`
              : `/${area}/models/*.yaml @mle`,
    );
  }
  const files: ChangedFile[] = Array.from({ length: 3000 }, (_, i) => {
    const area = pick(areas);
    const shape = i % 3;
    const path =
      shape === 0
        ? `${area}/prompts/p${i}.prompt`
        : shape === 1
          ? `${area}/src/module${i % 40}/file${i}.${pick(["ts", "py", "go"])}`
          : `${area}/${pick(["datasets/train", "models", "evals", "docs"])}/f${i}.${pick(["jsonl", "yaml", "md", "csv"])}`;
    return { path };
  });
  const config = `roles:\n${ROLES.map((r) => `  ${r}:\n    members: [${r}-lead, acme/${r}-team]\n`).join("")}checklists:\n  where: off\n`;
  const reviews = ROLES.map((r) => ({ login: `${r}-lead`, state: "APPROVED" as const, commitId: "h".repeat(40) }));
  return { ownership: rules.join("\n"), files, config, reviews };
}

export function benchDecide(opts: { runs?: number } = {}): DecideBenchResult {
  const runs = opts.runs ?? 15;
  const input = inputs();
  const parsed = parseConfigText(input.config, ".github/squadgate.yml");
  if (!parsed.config) throw new Error("bench config is invalid");
  const config = parsed.config;
  const facts: PullRequestFacts = {
    author: "author",
    draft: false,
    headSha: "h".repeat(40),
    owner: "acme",
    files: input.files,
    filesComplete: true,
    reviews: input.reviews,
    requestedUsers: [],
    requestedTeams: [],
  };
  const once = () => {
    const { policy, problems } = buildPolicy({ config, ownershipText: input.ownership });
    return decideGate({ policy, facts, teamMembers: new Map(), changesSince: new Map(), problems });
  };
  for (let i = 0; i < 3; i++) once(); // warm-up: let the JIT settle, as it has in a running server
  const cpu: number[] = [];
  const wall: number[] = [];
  let required = 0;
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    const t0 = performance.now();
    required = once().requirements.length;
    wall.push(performance.now() - t0);
    const used = process.cpuUsage(start);
    cpu.push((used.user + used.system) / 1000);
  }
  return {
    files: input.files.length,
    rules: 1000,
    runs,
    medianCpuMs: median(cpu),
    medianWallMs: median(wall),
    required,
  };
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
