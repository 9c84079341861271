/**
 * Benchmarks CODEOWNERS resolution: our `parseOwnership` against the npm packages `codeowners` and
 * `@snyk/github-codeowners`, on the same generated monorepo-style CODEOWNERS file and paths.
 *
 * Each measured run builds the matcher once (reading the same file from disk for everyone) and then
 * resolves the owners of every path. Inputs come from a seeded PRNG, so every run and every machine
 * sees the same file and paths.
 *
 * Agreement is checked only where GitHub's documented semantics are unambiguous and the competitors
 * implement them: paths that a rule with a wildcard in its last segment (`docs/*`, `/a/b*`) would own
 * only through a parent directory are skipped, because GitHub's docs say `docs/*` does not own
 * `docs/build-app/troubleshooting.md` while gitignore-based matchers own it. Paths spell every name
 * exactly as the rules do and no two names differ only in case, so the case-insensitivity of the
 * node-ignore based competitors cannot show.
 *
 * With the defaults a run takes a few minutes and about 2-3 GB of memory, nearly all of it in the
 * competitors (they test rules one by one, and node-ignore caches every path it sees per rule).
 *
 * Free of vitest on purpose: `npm run bench` (test/bench/run.ts) imports `benchOwnership`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseOwnership, type Ownership } from "../../src/core/ownership/parse.js";

export interface OwnershipBenchResult {
  rules: number;
  paths: number;
  runs: number;
  ours: { medianMs: number };
  competitors: { name: string; medianMs: number | null; error?: string }[];
  agreement: {
    name: string;
    compared: number;
    agreed: number;
    /** The first 10. */
    disagreements: { path: string; ours: string[]; theirs: string[] }[];
    /** Paths left out because the package knowingly departs from GitHub's docs there. */
    skippedForDeviation?: number;
    deviation?: string;
  }[];
  /** Fastest competitor's median / our median; NaN when no competitor could run. */
  speedupVsFastest: number;
}

export interface OwnershipBenchOptions {
  /** CODEOWNERS rules to generate, the catch-all included (default 1,000). */
  rules?: number;
  /** Repository paths to resolve (default 10,000). */
  paths?: number;
  /** Measured repetitions of ours, after warm-ups (default 15). */
  runs?: number;
  /** Measured repetitions of each competitor (default 3). They take seconds a run, so no warm-up. */
  competitorRuns?: number;
  /** PRNG seed (default 1). */
  seed?: number;
}

const MAX_DISAGREEMENTS = 10;

export async function benchOwnership(opts: OwnershipBenchOptions = {}): Promise<OwnershipBenchResult> {
  const ruleCount = opts.rules ?? 1000;
  const pathCount = opts.paths ?? 10_000;
  const runs = Math.max(1, opts.runs ?? 15);
  const competitorRuns = Math.max(1, opts.competitorRuns ?? 3);
  const input = generateInput(ruleCount, pathCount, opts.seed ?? 1);

  // codeowners only reads a CODEOWNERS file found from a directory, so everyone reads the same file.
  const repo = mkdtempSync(join(tmpdir(), "squadgate-ownership-bench-"));
  const file = join(repo, ".github", "CODEOWNERS");
  mkdirSync(join(repo, ".github"));
  writeFileSync(file, input.codeowners);
  try {
    const ours = measure(runs, 3, () => {
      const ownership = parseOwnership(readFileSync(file, "utf8"));
      return input.paths.map((path) => ownership.ownersOf(path));
    });
    const reference = parseOwnership(input.codeowners);
    if (reference.errors.length > 0 || reference.rules.length !== ruleCount) {
      throw new Error(`generated CODEOWNERS is invalid: ${JSON.stringify(reference.errors.slice(0, 3))}`);
    }
    const comparable = comparablePaths(reference, input.paths);

    const competitors: OwnershipBenchResult["competitors"] = [];
    const agreement: OwnershipBenchResult["agreement"] = [];
    for (const competitor of COMPETITORS) {
      try {
        const resolve = competitor.load();
        const timing = measure(competitorRuns, 0, () => resolve(repo, file, input.paths));
        competitors.push({ name: competitor.name, medianMs: timing.medianMs });
        const deviates = competitor.knownDeviation?.affects(reference);
        const usable = comparable.map((ok, i) => ok && !(deviates?.(input.paths[i] as string) ?? false));
        agreement.push({
          ...compare(competitor.name, input.paths, usable, ours.owners, timing.owners),
          skippedForDeviation: usable.filter((ok, i) => !ok && comparable[i]).length,
          ...(competitor.knownDeviation ? { deviation: competitor.knownDeviation.reason } : {}),
        });
      } catch (error) {
        competitors.push({ name: competitor.name, medianMs: null, error: String(error) });
      }
    }

    const medians = competitors.flatMap((c) => (c.medianMs === null ? [] : [c.medianMs]));
    return {
      rules: reference.rules.length,
      paths: input.paths.length,
      runs,
      ours: { medianMs: ours.medianMs },
      competitors,
      agreement,
      speedupVsFastest: medians.length > 0 ? Math.min(...medians) / ours.medianMs : Number.NaN,
    };
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Competitors. Loaded with require() inside a try, so a missing or broken package is reported
// rather than failing the module; the minimal interfaces below are all the bench relies on.

/** Builds a matcher from the CODEOWNERS file and resolves every path's owners. */
type Resolver = (repo: string, file: string, paths: readonly string[]) => string[][];

interface Competitor {
  name: string;
  load(): Resolver;
  /**
   * Paths where the package is known to contradict GitHub's docs, left out of the agreement count
   * (with the reason): "identical answers where they agree with GitHub's docs".
   */
  knownDeviation?: { reason: string; affects(ownership: Ownership): (path: string) => boolean };
}

interface CodeownersPackage {
  new (cwd?: string, fileName?: string): { getOwner(filePath: string): string[] };
}

interface SnykOwnershipEngine {
  FromCodeownersFile(filePath: string): { calcFileOwnership(filePath: string): string[] };
}

const require = createRequire(import.meta.url);

const COMPETITORS: readonly Competitor[] = [
  {
    name: "codeowners",
    knownDeviation: {
      // It bundles ignore@3, which reads `?` literally; gitignore (and so GitHub) matches one character.
      reason: "treats ? literally",
      affects(ownership) {
        const questionRules = parseOwnership(
          ownership.rules
            .filter((r) => r.pattern.includes("?"))
            .map((r) => `${r.pattern} @x`)
            .join("\n"),
        );
        return (path) => questionRules.ruleFor(path) !== undefined;
      },
    },
    load() {
      const Codeowners = require("codeowners") as CodeownersPackage;
      return (repo, _file, paths) => {
        const codeowners = new Codeowners(repo);
        return paths.map((path) => codeowners.getOwner(path));
      };
    },
  },
  {
    name: "@snyk/github-codeowners",
    load() {
      // The package's main module is its CLI, which parses process.argv; load the engine directly.
      const { OwnershipEngine } = require("@snyk/github-codeowners/dist/lib/ownership/OwnershipEngine.js") as {
        OwnershipEngine: SnykOwnershipEngine;
      };
      return (_repo, file, paths) => {
        const engine = OwnershipEngine.FromCodeownersFile(file);
        return paths.map((path) => engine.calcFileOwnership(path));
      };
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Timing and agreement

/** Median wall time of `runs` calls after `warmups` untimed ones, and the last call's owners. */
function measure(runs: number, warmups: number, run: () => string[][]): { medianMs: number; owners: string[][] } {
  let owners: string[][] = [];
  for (let i = 0; i < warmups; i++) owners = run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    owners = run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  const medianMs =
    times.length % 2 === 1 ? (times[mid] as number) : ((times[mid - 1] as number) + (times[mid] as number)) / 2;
  return { medianMs, owners };
}

function compare(
  name: string,
  paths: readonly string[],
  comparable: readonly boolean[],
  ours: readonly string[][],
  theirs: readonly string[][],
): Omit<OwnershipBenchResult["agreement"][number], "skippedForDeviation" | "deviation"> {
  let compared = 0;
  let agreed = 0;
  const disagreements: { path: string; ours: string[]; theirs: string[] }[] = [];
  paths.forEach((path, i) => {
    if (!comparable[i]) return;
    compared++;
    const a = ours[i] ?? [];
    const b = theirs[i] ?? [];
    if (a.length === b.length && a.every((owner, k) => owner === b[k])) agreed++;
    else if (disagreements.length < MAX_DISAGREEMENTS) disagreements.push({ path, ours: [...a], theirs: [...b] });
  });
  return { name, compared, agreed, disagreements };
}

/**
 * Whether each path's owners are fixed by GitHub's docs independently of the `docs/*` question:
 * false when a rule whose last segment has a wildcard (and no trailing slash) matches a parent
 * directory of the path — so gitignore semantics would own the path through it — and comes after
 * the rule that decides the path for us. (Any such rule matching the path itself cannot come after
 * our deciding rule, which is the last match; so the rule found owns the path only through nesting.)
 */
function comparablePaths(ownership: Ownership, paths: readonly string[]): boolean[] {
  const indexOf = new Map(ownership.rules.map((rule, i) => [rule, i]));
  // Only the wildcard-last-segment rules, in order; `ruleFor(dir).line` maps back to the full list.
  const wildcardRules = ownership.rules.flatMap((rule, i) => (namesFilesOnly(rule.pattern) ? [{ rule, i }] : []));
  const wildcards = parseOwnership(wildcardRules.map(({ rule }) => `${rule.pattern} @x`).join("\n"));
  return paths.map((path) => {
    const rule = ownership.ruleFor(path);
    const deciding = rule === undefined ? -1 : (indexOf.get(rule) ?? -1);
    const segments = path.split("/");
    for (let depth = 1; depth < segments.length; depth++) {
      const match = wildcards.ruleFor(segments.slice(0, depth).join("/"));
      if (match !== undefined && (wildcardRules[match.line - 1]?.i ?? -1) > deciding) return false;
    }
    return true;
  });
}

/** A last segment with `*` or `?` (other than `**`) and no trailing slash: GitHub owns files only. */
function namesFilesOnly(pattern: string): boolean {
  if (pattern.endsWith("/")) return false;
  const last = pattern.slice(pattern.lastIndexOf("/") + 1);
  return last !== "**" && /[*?]/.test(last);
}

// ---------------------------------------------------------------------------------------------
// Input generation

interface BenchInput {
  codeowners: string;
  paths: string[];
}

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOP_LEVEL = ["services", "packages", "apps", "libs", "web", "tools", "infra", "platform", "mobile", "data"];
const PROJECTS = [
  "billing",
  "auth",
  "search",
  "payments",
  "checkout",
  "catalog",
  "inventory",
  "shipping",
  "notifications",
  "analytics",
  "identity",
  "gateway",
  "ledger",
  "pricing",
  "reviews",
  "recommendations",
  "messaging",
  "media",
  "storage",
  "scheduler",
  "reporting",
  "onboarding",
  "accounts",
  "orders",
  "fraud",
  "ads",
  "maps",
  "chat",
  "feed",
  "profile",
  "settings",
  "admin",
  "support",
  "compliance",
  "audit",
  "metrics",
  "tracing",
  "flags",
  "experiments",
  "design-system",
  "ui-kit",
  "forms",
  "charts",
  "i18n",
  "cli",
  "sdk",
  "proto",
  "terraform",
];
const SUBDIRS = [
  "src",
  "lib",
  "api",
  "internal",
  "cmd",
  "pkg",
  "handlers",
  "models",
  "components",
  "hooks",
  "utils",
  "migrations",
  "schemas",
  "fixtures",
  "test",
  "__tests__",
  "e2e",
  "config",
  "scripts",
  "docs",
  "assets",
  "styles",
  "v1",
  "v2",
  "client",
  "server",
  "jobs",
  "workers",
  "templates",
  "generated",
  "logs",
  "deploy",
];
/** Directory names owned wherever they appear (`docs/`, `**\/migrations/`). */
const ANYWHERE = ["docs", "migrations", "generated", "fixtures", "__tests__", "logs", "deploy", "schemas", "e2e"];
const STEMS = [
  "index",
  "main",
  "app",
  "server",
  "client",
  "utils",
  "helpers",
  "types",
  "constants",
  "config",
  "router",
  "handler",
  "service",
  "model",
  "schema",
  "store",
  "reducer",
  "hooks",
  "button",
  "modal",
  "table",
  "form",
  "api",
  "db",
  "cache",
  "queue",
  "worker",
  "job",
  "logger",
  "errors",
  "validate",
  "parser",
  "format",
  "auth",
];
const EXTENSIONS = [
  ".ts",
  ".tsx",
  ".js",
  ".css",
  ".scss",
  ".md",
  ".json",
  ".yml",
  ".go",
  ".py",
  ".sql",
  ".proto",
  ".sh",
];
const SPECIAL_FILES = ["Makefile", "Dockerfile", "package.json", "README.md", "BUILD.bazel", "go.mod", "OWNERS.md"];

/**
 * A monorepo-like CODEOWNERS file: a catch-all `*` first, then rules over a shared pool of project
 * directories, in GitHub's syntax as both competitors read it (no inline comments, no trailing
 * blanks, owners that pass every parser's validation); and paths mostly under those directories.
 */
function generateInput(ruleCount: number, pathCount: number, seed: number): BenchInput {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;

  // Project directories, 2-3 segments: services/billing, packages/ui-kit/src, apps/chat/components.
  const dirs = new Set<string>();
  for (const top of TOP_LEVEL) for (let i = 0; i < 16; i++) dirs.add(`${top}/${pick(PROJECTS)}`);
  for (const dir of [...dirs]) for (let i = int(4); i > 0; i--) dirs.add(`${dir}/${pick(SUBDIRS)}`);
  const dirPool = [...dirs];

  const owner = () => {
    const r = random();
    if (r < 0.6) return `@acme/team-${int(80)}`;
    if (r < 0.95) return `@user${int(200)}`;
    return `dev${int(50)}@acme.example`;
  };
  const owners = () => {
    if (random() < 0.03) return ""; // owner-less: carves a path out of its parent's ownership
    const list = new Set<string>();
    for (let n = 1 + int(3); list.size < n; ) list.add(owner());
    return ` ${[...list].join(" ")}`;
  };
  const ext = () => pick(EXTENSIONS);

  // Unique patterns: a repeated one would only shadow its earlier copy.
  const seen = new Set<string>(["*"]);
  const unique = <T extends { pattern: string }>(make: () => T): T => {
    let rule = make();
    for (let tries = 0; seen.has(rule.pattern) && tries < 100; tries++) rule = make();
    seen.add(rule.pattern);
    return rule;
  };
  const repositoryWide = (): { pattern: string } => {
    const r = random();
    if (r < 0.3) return { pattern: `*${ext()}` }; // an extension anywhere
    if (r < 0.5) return { pattern: pick(SPECIAL_FILES) }; // a file name anywhere
    if (r < 0.8) return { pattern: `${pick(ANYWHERE)}/` }; // an unanchored directory
    return { pattern: `**/${pick(ANYWHERE)}` };
  };
  /** A rule under a project directory; `broad` ones (the whole directory) sort before the others. */
  const scoped = (): { dir: string; broad: boolean; pattern: string } => {
    const dir = pick(dirPool);
    const top = dir.split("/")[0] ?? dir;
    const r = random();
    if (r < 0.3) return { dir, broad: true, pattern: `/${dir}/` };
    if (r < 0.35) return { dir, broad: true, pattern: `/${dir}` };
    if (r < 0.4) return { dir, broad: true, pattern: `/${dir}/**` };
    if (r < 0.45) return { dir: top, broad: false, pattern: `/${top}/**/${pick(ANYWHERE)}/` };
    if (r < 0.57) return { dir, broad: false, pattern: `/${dir}/**/*${ext()}` };
    if (r < 0.65) return { dir, broad: false, pattern: `/${dir}/*${ext()}` };
    if (r < 0.7) return { dir, broad: false, pattern: `${dir}/*` }; // the docs/* case
    if (r < 0.8) return { dir, broad: false, pattern: `/${dir}/${pick(SPECIAL_FILES)}` };
    if (r < 0.92) {
      const sub = `${dir}/${pick(SUBDIRS)}`;
      return { dir: sub, broad: true, pattern: `/${sub}/` };
    }
    if (r < 0.97) return { dir, broad: false, pattern: `/${dir}/${pick(STEMS)}.*` };
    return { dir, broad: false, pattern: `/${dir}/v?/` }; // a single-character wildcard
  };

  // As in real files: the catch-all, repository-wide rules, then each directory's rules sorted by
  // directory (broad before narrow, so narrower rules can win), and a short repository-wide tail.
  const head = Math.min(24, Math.floor(ruleCount * 0.03));
  const tail = Math.min(4, Math.floor(ruleCount * 0.005));
  const headRules = Array.from({ length: head }, () => unique(repositoryWide));
  const scopedRules = Array.from({ length: Math.max(0, ruleCount - 1 - head - tail) }, () => unique(scoped));
  scopedRules.sort((a, b) =>
    a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : Number(a.broad === false) - Number(b.broad === false),
  );
  const tailRules = Array.from({ length: tail }, () => unique(repositoryWide));

  const lines = [
    "# Generated by test/bench/ownership-bench.ts",
    "",
    "* @acme/platform @acme/team-0",
    "",
    "# Repository-wide",
  ];
  for (const { pattern } of headRules) lines.push(pattern + owners());
  let section = "";
  for (const { dir, pattern } of scopedRules) {
    const top = dir.split("/")[0] ?? "";
    if (top !== section) {
      section = top;
      lines.push("", `# ${top}`);
    }
    lines.push(pattern + owners());
  }
  lines.push("", "# Late overrides");
  for (const { pattern } of tailRules) lines.push(pattern + owners());
  const ruleDirs = scopedRules.map((rule) => rule.dir);

  // Paths: 85% under a rule's directory (so they hit rules), the rest anywhere; 2-8 segments.
  const fileName = () =>
    random() < 0.1 ? pick(SPECIAL_FILES) : `${pick(STEMS)}${random() < 0.15 ? ".test" : ""}${ext()}`;
  const paths = new Set<string>();
  while (paths.size < pathCount) {
    const base = ruleDirs.length > 0 && random() < 0.85 ? pick(ruleDirs) : pick(TOP_LEVEL);
    const segments = base.split("/");
    const extra = int(4);
    for (let i = 0; i < extra; i++) segments.push(random() < 0.2 ? pick(ANYWHERE) : pick(SUBDIRS));
    if (random() < 0.1) segments.push(`v${int(3) + 1}`);
    segments.length = Math.min(segments.length, 7);
    segments.push(fileName());
    paths.add(segments.join("/"));
  }
  return { codeowners: `${lines.join("\n")}\n`, paths: [...paths] };
}

// ---------------------------------------------------------------------------------------------
