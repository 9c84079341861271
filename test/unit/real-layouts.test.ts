import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assetCoverage } from "../../src/cli/assets-command.js";
import { draftPolicy } from "../../src/cli/init-draft.js";
import { policyWarnings } from "../../src/config/policy-warnings.js";
import { parseConfigText } from "../../src/config/validate-config.js";
import { buildPolicy } from "../../src/core/policy.js";

/** File lists sampled from real public repositories (paths only), so the built-in kinds are judged on real layouts. */
const layout = (name: string) =>
  readFileSync(new URL(`../../fixtures/layouts/${name}.txt`, import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"));

const CODE = /\.(py|ipynb|js|ts|sh|cs|java|go)$|(^|\/)(README|readme)[^/]*$/;

describe.each([
  ["openai-evals", { dataset: 143, eval: 218 }],
  ["promptflow", { prompt: 7, dataset: 15, "model-config": 12, eval: 3 }],
])("init on the layout of %s", (name, kinds) => {
  const files = layout(name);
  const draft = draftPolicy({
    files,
    codeowners: { file: ".github/CODEOWNERS", text: "* @acme/maintainers\n" },
    existingOwnership: null,
  });
  const parsed = parseConfigText(draft.config, ".github/squadgate.yml");
  const { policy, problems } = buildPolicy({ config: parsed.config!, ownershipText: draft.ownership });

  it("finds data and configuration, never code or a README", () => {
    expect(Object.fromEntries(Object.entries(draft.kinds).filter(([, n]) => n > 0))).toEqual(kinds);
    const coverage = assetCoverage(policy, files);
    expect(coverage.assets.filter((a) => CODE.test(a.path))).toEqual([]);
    expect(files.filter((path) => path.endsWith(".py")).length).toBeGreaterThan(40);
  });

  it("drafts a policy that validates clean and owns every asset it found", () => {
    const tree = [...files, ".github/squadgate.yml", ".github/SQUADOWNERS"];
    expect([
      ...parsed.problems,
      ...problems,
      ...policyWarnings(policy, { files: tree, configText: draft.config }),
    ]).toEqual([]);
    expect(assetCoverage(policy, files).unowned).toEqual([]);
  });
});
