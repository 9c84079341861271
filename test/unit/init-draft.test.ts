import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../src/config/validate-config.js";
import { policyWarnings } from "../../src/config/policy-warnings.js";
import { buildPolicy } from "../../src/core/policy.js";
import { parseOwnership } from "../../src/core/ownership/parse.js";
import { draftPolicy } from "../../src/cli/init-draft.js";
import { draftRules, type DraftItem } from "../../src/cli/init-rules.js";

const ownersAfter = (rules: { pattern: string; owners: string }[]) => {
  const ownership = parseOwnership(rules.map((r) => `${r.pattern} ${r.owners}`).join("\n"));
  expect(ownership.errors).toEqual([]);
  return (path: string) => [...ownership.ownersOf(path)].sort().join(" ");
};

describe("drafting ownership rules", () => {
  it("names the folders that hold assets, one per folder until there are many", () => {
    // `evals/` here is a Python package, as in openai/evals: its data folders are named, not the package.
    const code = new Set(["evals", "evals/registry", "evals/elsuite", "evals/elsuite/b"]);
    const items = ["evals/registry/data/a/x.jsonl", "evals/registry/evals/a.yaml", "evals/elsuite/b/c.json"].map(
      (path) => ({ path, owners: "@ds" }),
    );
    expect(draftRules(items, code)).toEqual([
      { pattern: "/evals/elsuite/b/", owners: "@ds" },
      { pattern: "/evals/registry/data/", owners: "@ds" },
      { pattern: "/evals/registry/evals/", owners: "@ds" },
    ]);
    const many = Array.from({ length: 9 }, (_, i) => ({
      path: `evals/registry/runs/set${i}/samples.jsonl`,
      owners: "@ds",
    }));
    expect(draftRules(many, code)).toEqual([{ pattern: "/evals/registry/runs/", owners: "@ds" }]);
  });

  it("names a code-free folder called like its assets rather than the subfolder used today", () => {
    expect(draftRules([{ path: "prompts/support/system.md", owners: "@ds" }])).toEqual([
      { pattern: "/prompts/", owners: "@ds" },
    ]);
    expect(
      draftRules([{ path: "app/prompts/support/system.md", owners: "@ds" }], new Set(["app", "app/prompts"])),
    ).toEqual([{ pattern: "/app/prompts/support/", owners: "@ds" }]);
  });

  it("settles a folder that mixes roles with file-type rules", () => {
    const flows = ["chat", "qna", "summarise", "translate"].flatMap((flow) => [
      { path: `flows/${flow}/chat.jinja2`, owners: "@ds" },
      { path: `flows/${flow}/data.jsonl`, owners: "@ds" },
      { path: `flows/${flow}/flow.dag.yaml`, owners: "@mle" },
    ]);
    const rules = draftRules(flows);
    expect(rules).toEqual([
      { pattern: "/flows/**/*.jinja2", owners: "@ds" },
      { pattern: "/flows/**/*.jsonl", owners: "@ds" },
      { pattern: "/flows/**/*.yaml", owners: "@mle" },
    ]);
    const owners = ownersAfter(rules);
    for (const item of flows) expect(owners(item.path)).toBe(item.owners);
  });

  it("escapes what CODEOWNERS would read as syntax", () => {
    const rules = draftRules([{ path: "my prompts/[v2]/a*.prompt", owners: "@ds" }]);
    expect(rules).toEqual([{ pattern: "/my\\ prompts/?v2?/", owners: "@ds" }]);
    expect(ownersAfter(rules)("my prompts/[v2]/a*.prompt")).toBe("@ds");
  });

  it("gives every asset exactly the owners it should get, whatever the tree", () => {
    const segment = fc.constantFrom("a", "b", "c", "prompts", "data", "x y");
    const file = fc.constantFrom("p.jinja2", "d.jsonl", "flow.dag.yaml", "m.yaml", "MLmodel", "t.csv");
    const item = fc.record({
      path: fc.tuple(fc.array(segment, { maxLength: 4 }), file).map(([dirs, name]) => [...dirs, name].join("/")),
      owners: fc.constantFrom("@ds", "@mle", "@ds @mle"),
    });
    fc.assert(
      fc.property(fc.uniqueArray(item, { selector: (i: DraftItem) => i.path, maxLength: 40 }), (items) => {
        const owners = ownersAfter(draftRules(items));
        for (const i of items) expect(owners(i.path)).toBe(i.owners);
      }),
      { numRuns: 300 },
    );
  });
});

describe("draftPolicy", () => {
  const files = [
    "prompts/support/system.md",
    "prompts/support/README.md",
    "datasets/faq.jsonl",
    "models/chat.yaml",
    "src/app.py",
    "evals/promptfooconfig.yaml",
  ];

  it("drafts a config and ownership file that validate clean, with members from CODEOWNERS", () => {
    const draft = draftPolicy({
      files,
      codeowners: { file: ".github/CODEOWNERS", text: "* @acme/backend\n/models/ @mona @acme/ml\n" },
      existingOwnership: null,
    });
    expect(draft.kinds).toEqual({ prompt: 1, dataset: 1, "model-config": 1, eval: 1 });
    expect(draft.roles.map((r) => [r.name, r.members])).toEqual([
      ["ds", ["acme/backend"]],
      ["mle", ["acme/ml", "mona"]],
    ]);
    const parsed = parseConfigText(draft.config, ".github/squadgate.yml");
    expect(parsed.problems).toEqual([]);
    const { policy, problems } = buildPolicy({ config: parsed.config!, ownershipText: draft.ownership });
    const tree = [...files, ".github/squadgate.yml", ".github/SQUADOWNERS"];
    expect([...problems, ...policyWarnings(policy, { files: tree, configText: draft.config })]).toEqual([]);
    expect(policy.config.mode).toBe("report");
    expect(policy.requirementsFor("models/chat.yaml").map((r) => r.id)).toEqual(["@mle"]);
    expect(policy.requirementsFor("datasets/faq.jsonl").map((r) => r.id)).toEqual(["@ds"]);
    expect(policy.requirementsFor(".github/squadgate.yml").map((r) => r.id)).toEqual(["@ds", "@mle"]);
  });

  it("without CODEOWNERS, members are placeholders that validate warns about", () => {
    const draft = draftPolicy({ files: ["prompts/a.txt"], codeowners: null, existingOwnership: null });
    expect(draft.roles).toMatchObject([{ name: "ds", members: ["your-org/data-science"], fromCodeowners: false }]);
    const { policy } = buildPolicy({
      config: parseConfigText(draft.config, "f").config!,
      ownershipText: draft.ownership,
    });
    expect(
      policyWarnings(policy, {
        files: ["prompts/a.txt", ".github/squadgate.yml", ".github/SQUADOWNERS"],
        configText: draft.config,
      }),
    ).toMatchObject([
      { key: "roles.ds.members", message: expect.stringContaining("placeholder your-org/data-science") },
    ]);
  });

  it("keeps an existing ownership file and declares the roles it names", () => {
    const draft = draftPolicy({
      files,
      codeowners: null,
      existingOwnership: "/prompts/ @ds\n/data/ @ds @legal @acme/x\n",
    });
    expect(draft.ownership).toBeNull();
    expect(draft.roles.map((r) => r.name)).toEqual(["ds", "legal"]);
  });
});

describe("the data policies in the drafted config", () => {
  it("are commented out, so off, and valid once uncommented with their roles declared", () => {
    const { config } = draftPolicy({ files: ["datasets/faq.jsonl"], codeowners: null, existingOwnership: null });
    const drafted = parseConfigText(config, ".github/squadgate.yml").config;
    expect([drafted?.licences, drafted?.sensitive_data]).toEqual([undefined, undefined]);
    const block = (key: string) => {
      const lines = config.split("\n");
      const start = lines.indexOf(`# ${key}:`);
      const end = lines.findIndex((line, i) => i > start && !line.startsWith("#   "));
      return lines.slice(start, end).map((line) => line.replace(/^# /, ""));
    };
    const enabled = [
      ...config.split("\n").filter((line) => !line.startsWith("#")),
      ...block("licences"),
      ...block("sensitive_data"),
    ]
      .join("\n")
      .replace("roles:\n", "roles:\n  legal:\n    members: [lee]\n  privacy:\n    members: [pia]\n");
    const parsed = parseConfigText(enabled, ".github/squadgate.yml");
    expect(parsed.problems).toEqual([]);
    expect(parsed.config?.licences).toMatchObject({ role: "legal", allow: ["permissive"] });
    expect(parsed.config?.sensitive_data).toMatchObject({ role: "privacy", allow: ["@acme-test\\.com$"] });
  });
});
