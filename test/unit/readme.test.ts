import { compileAssetKinds } from "../../src/core/assets/classify.js";
import { evaluateLicences } from "../../src/core/policies/licences/evaluate.js";
import { textKey } from "../../src/core/policies/licences/reads.js";
import { licenceSection } from "../../src/core/render/data-policies.js";
import { readFixture } from "../helpers/fixtures.js";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parse } from "content-type";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/usage.js";
import { DEFAULT_ASSET_GLOBS } from "../../src/config/default-assets.js";
import { formatProblem } from "../../src/config/problems.js";
import { parseConfigText } from "../../src/config/validate-config.js";

/** The README is a contract: these are the parts of it that code must keep true. */
const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const section = (title: string) => README.split("\n## ").find((s) => s.startsWith(title)) ?? "";

describe("README", () => {
  it("lists the built-in asset kinds exactly as the code has them", () => {
    const rows = [...README.matchAll(/^\| `([a-z-]+)` \| (`.*`) \|$/gm)]
      .filter((m) => (m[1] as string) in DEFAULT_ASSET_GLOBS)
      .map((m) => [m[1], (m[2] as string).split("<br>").map((cell) => cell.slice(1, -1).replace(/\\\|/g, "|"))]);
    expect(Object.fromEntries(rows)).toEqual(DEFAULT_ASSET_GLOBS);
  });

  it("shows the CLI's synopsis as the CLI prints it", () => {
    const block = section("CLI").match(/```\n([\s\S]*?)```/)?.[1] ?? "";
    expect(block.trimEnd().split("\n")).toEqual([
      ...Object.values(COMMANDS).map((c) => c.synopsis),
      "squadgate --version",
    ]);
  });

  it("shows a misspelled key the way validation reports it", () => {
    const yaml = "roles:\n  ds:\n    members: [dana]\n\n\n\n\nownership:\n  alow_users: true\n";
    const [problem] = parseConfigText(yaml, ".github/squadgate.yml").problems;
    expect(README).toContain(`\n${formatProblem(problem!)}\n`);
  });

  it("says why content-type's engine warning on Node 20 is harmless, and that stays true", () => {
    const lock = JSON.parse(readFileSync(new URL("../../package-lock.json", import.meta.url), "utf8"));
    const entry = lock.packages["node_modules/content-type"];
    expect(README).toContain(`\`content-type@${entry.version}\` asks for Node 22 or later`);
    expect(entry.engines).toEqual({ node: ">=22" });
    const dependents = Object.entries(lock.packages as Record<string, { dependencies?: Record<string, string> }>)
      .filter(([, pkg]) => pkg.dependencies?.["content-type"])
      .map(([path]) => path);
    expect(dependents).toEqual(["node_modules/@octokit/request"]);
    // No imports of its own, so nothing newer than this Node can be pulled in at load time.
    const source = readFileSync(createRequire(import.meta.url).resolve("content-type"), "utf8");
    expect(source).not.toMatch(/^\s*import\s|require\(/m);
    expect(parse("application/json; charset=utf-8")).toMatchObject({
      type: "application/json",
      parameters: { charset: "utf-8" },
    });
  });
});

describe("README: data policies", () => {
  const policies = section("Data policies");

  it("gives config examples that validate", () => {
    const blocks = [...policies.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    expect(blocks).toHaveLength(2);
    for (const block of blocks) expect(parseConfigText(block, ".github/squadgate.yml").problems).toEqual([]);
  });

  it("shows the licence row the check renders for a card moved from Apache 2.0 to Gemma", () => {
    const texts = new Map([
      [textKey("base", "models/bot/README.md"), readFixture("cards/qwen2.5-1.5b-anti-sycophancy-lora.md")],
      [textKey("head", "models/bot/README.md"), readFixture("cards/gemma-3-4b-it-4bit.md")],
    ]);
    const { config } = parseConfigText("roles:\n  legal:\n    members: [lee]\nlicences:\n  role: legal\n", "x");
    const licences = config?.licences;
    if (!config || !licences) throw new Error("invalid");
    const report = evaluateLicences(licences, {
      classifier: compileAssetKinds(config.assets),
      files: [{ path: "models/bot/README.md", status: "modified" }],
      texts,
    });
    const rendered = licenceSection(report, 10_000).split("\n");
    const shown = policies
      .split("\n")
      .filter((line) => line.startsWith(">"))
      .map((line) => line.replace(/^> ?/, ""));
    expect(shown.slice(0, 6)).toEqual(rendered);
  });
});
