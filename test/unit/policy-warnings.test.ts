import { describe, expect, it } from "vitest";
import { formatProblem } from "../../src/config/problems.js";
import { policyWarnings } from "../../src/config/policy-warnings.js";
import { policyFrom } from "../helpers/policy.js";

const TREE = [
  "prompts/a.txt",
  "evals/api.py",
  "evals/golden.yaml",
  "evals/cases/b.jsonl",
  "src/app.ts",
  "promptfooconfig.ts",
];
const warningsOf = (yaml: string, owners: string, files = TREE) =>
  policyWarnings(policyFrom(yaml, owners).policy, { files, configText: yaml }).map(formatProblem);

describe("validate's warnings about the whole tree", () => {
  it("a clean policy has none", () => {
    expect(warningsOf("roles:\n  ds:\n    members: [dana]\n", "/prompts/ @ds\n/evals/ @ds\n")).toEqual([]);
  });

  it("a declared role no rule names, unless waivers or checklist items use it", () => {
    const yaml =
      "roles:\n  ds:\n    members: [dana]\n  legal:\n    members: [lee]\n  leads:\n    members: [boss]\nwaivers:\n  allow:\n    ds: [leads]\n";
    expect(warningsOf(yaml, "/prompts/ @ds\n")).toEqual([
      ".github/squadgate.yml:4:3: roles.legal: role legal is declared but no rule in .github/SQUADOWNERS names @legal, so it is never required; name it on a rule or remove it",
    ]);
  });

  it("a rule whose pattern matches no file in the tree", () => {
    expect(warningsOf("roles:\n  ds:\n    members: [dana]\n", "/prompts/ @ds\n/prompt/ @ds\n*.prompty @ds\n")).toEqual([
      '.github/SQUADOWNERS:2: "/prompt/" matches no file in the tree; a typo, or a folder that moved?',
      '.github/SQUADOWNERS:3: "*.prompty" matches no file in the tree; a typo, or a folder that moved?',
    ]);
  });

  it("an asset glob of the repository's own that matches source code; a glob naming one config file is fine", () => {
    const yaml = 'roles:\n  ds:\n    members: [dana]\nassets:\n  eval: ["**/evals/**", "**/promptfooconfig.ts"]\n';
    expect(warningsOf(yaml, "/prompts/ @ds\n")).toEqual([
      '.github/squadgate.yml:5:10: assets.eval.0: "**/evals/**" matches 1 source file, such as evals/api.py: code is not an AI asset, and every change to it would wait for the asset\'s owners. Narrow the glob to data and configuration, e.g. "**/evals/**/*.{yaml,yml,json,jsonl,csv}"',
    ]);
  });

  it("no roles while the ownership file names bare owners it then takes for users", () => {
    const yaml = "ownership:\n  allow_users: true\n";
    expect(warningsOf(yaml, "/prompts/ @ds\n/evals/ @legal @acme/evals\n")).toEqual([
      ".github/squadgate.yml:1:1: roles: no roles are declared, so .github/SQUADOWNERS's @ds, @legal are taken as GitHub users; if they are squad roles, declare them under roles:",
    ]);
    // Only teams: that is how an existing CODEOWNERS works, nothing to warn about.
    expect(warningsOf(yaml, "/prompts/ @acme/ds\n")).toEqual([]);
  });

  it("a placeholder member left from init", () => {
    expect(warningsOf("roles:\n  ds:\n    members: [dana, your-org/data-science]\n", "/prompts/ @ds\n")).toEqual([
      ".github/squadgate.yml:3:5: roles.ds.members: role ds still lists the placeholder your-org/data-science: replace it with the GitHub users and org/team teams who approve for ds",
    ]);
  });
});
