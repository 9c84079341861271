import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../src/config/validate-config.js";
import { compileAssetKinds } from "../../src/core/assets/classify.js";
import type { ChangedFile } from "../../src/core/gate/types.js";
import { readCard, readConfigLicence } from "../../src/core/policies/licences/card.js";
import { evaluateLicences } from "../../src/core/policies/licences/evaluate.js";
import { licenceReads, textKey } from "../../src/core/policies/licences/reads.js";
import { classOf } from "../../src/core/policies/licences/table.js";
import { readFixture } from "../helpers/fixtures.js";

const card = (name: string) => readFixture(`cards/${name}.md`);

function policy(extra = "") {
  const parsed = parseConfigText(
    `roles:\n  legal:\n    members: [lee]\nlicences:\n  role: legal\n  allow: [permissive]\n${extra}`,
    ".github/squadgate.yml",
  );
  if (!parsed.config?.licences) throw new Error(JSON.stringify(parsed.problems));
  return { config: parsed.config.licences, classifier: compileAssetKinds(parsed.config.assets) };
}

/** The report for `files`, with each file's text on each side (absent from the map: not in the repository). */
function report(
  files: ChangedFile[],
  sides: { base?: Record<string, string>; head?: Record<string, string> },
  extra = "",
) {
  const { config, classifier } = policy(extra);
  const { reads, complete } = licenceReads(config, classifier, files);
  expect(complete).toBe(true);
  const texts = new Map(
    reads.map(
      (r) => [textKey(r.side, r.path), (r.side === "base" ? sides.base : sides.head)?.[r.path] ?? null] as const,
    ),
  );
  return evaluateLicences(config, { classifier, files, texts });
}

describe("model and dataset cards", () => {
  it.each([
    ["meta-llama-3-8b-instruct-gguf", ["llama3"], 12, "vendor", ["meta-llama/Meta-Llama-3-8B-Instruct"], []],
    ["gemma-3-4b-it-4bit", ["gemma"], 2, "vendor", ["google/gemma-3-4b-pt"], []],
    ["cmmlu", ["cc-by-nc-4.0"], 2, "non-commercial", [], []],
    ["chilloutmix-ni-pruned-fp32-fix", ["creativeml-openrail-m"], 4, "use-restricted", [], []],
    ["saiga-llama3-8b", ["llama3"], 7, "vendor", [], ["IlyaGusev/saiga_scored"]],
    [
      "qwen2.5-1.5b-anti-sycophancy-lora",
      ["apache-2.0"],
      2,
      "permissive",
      ["Qwen/Qwen2.5-1.5B-Instruct"],
      ["kashishgupta/anti-sycophancy-dpo-cleaned"],
    ],
    ["meta-llama-3.1-8b-instruct-fp8-kv", ["llama3.1"], 4, "vendor", ["meta-llama/Meta-Llama-3.1-8B-Instruct"], []],
  ])("%s: licence %j on line %i, class %s", (name, ids, line, licenceClass, baseModels, datasets) => {
    const text = card(name);
    const statement = readCard(`models/${name}/README.md`, text);
    expect(statement).toMatchObject({ ids, line, baseModels, datasets });
    // The line named is the one a reader finds the licence on.
    expect(text.split("\n")[line - 1]).toMatch(/^license(_name)?: /);
    expect(classOf(ids[0] as string)).toBe(licenceClass);
  });

  it("a README without front matter is no card; a card without a licence states none", () => {
    expect(readCard("README.md", "# Support bot\n\nLicence: MIT\n")).toBeUndefined();
    expect(readCard("d/README.md", "---\ntags: [chat]\n---\n# Data\n")).toEqual({
      ids: [],
      path: "d/README.md",
      line: 1,
      baseModels: [],
      datasets: [],
    });
  });

  it("hostile front matter (an alias bomb, broken YAML) states no licence rather than failing", () => {
    const bomb = `---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nlicense: mit\n---\n`;
    expect(readCard("m/README.md", bomb)?.ids).toEqual([]);
    expect(readCard("m/README.md", "---\nlicense: [mit\n---\n")?.ids).toEqual([]);
  });

  it("model configs: an Ollama Modelfile's LICENSE text by its title, MLflow metadata and plain license keys", () => {
    const modelfile =
      'FROM ./llama.gguf\nPARAMETER temperature 0.2\nLICENSE """META LLAMA 3 COMMUNITY LICENSE AGREEMENT\nMeta Llama 3 Version Release Date: April 18, 2024\n"""\n';
    expect(readConfigLicence("models/bot/Modelfile", modelfile)).toMatchObject({ ids: ["llama3"], line: 3 });
    expect(readConfigLicence("models/bot/Modelfile", 'FROM x\nLICENSE "In-house terms v2"\n')).toMatchObject({
      ids: ["other"],
    });
    expect(
      readConfigLicence("models/bot/MLmodel", "flavors:\n  python_function: {}\nmetadata:\n  license: apache-2.0\n"),
    ).toMatchObject({ ids: ["apache-2.0"], line: 3 });
    expect(
      readConfigLicence("models/bot/model.json", '{\n  "name": "bot",\n  "license": "cc-by-nc-4.0"\n}'),
    ).toMatchObject({ ids: ["cc-by-nc-4.0"], line: 3 });
    expect(readConfigLicence("models/bot/model.yaml", "temperature: 0.2\n")).toBeUndefined();
  });

  it("the repository's table extends and overrides the built-in one", () => {
    expect(classOf("acme-eval-1.0")).toBe("unknown");
    expect(classOf("ACME-eval-1.0", { "acme-eval-1.0": "permissive" })).toBe("permissive");
    expect(classOf("llama3", { llama3: "non-commercial" })).toBe("non-commercial");
  });
});

describe("which licences need review", () => {
  const gemma = card("gemma-3-4b-it-4bit");
  const apache = card("qwen2.5-1.5b-anti-sycophancy-lora");

  it("a card whose licence changes to a class not allowed: changed, and not allowed, on the card's line", () => {
    const r = report([{ path: "models/bot/README.md", status: "modified" }], {
      base: { "models/bot/README.md": apache },
      head: { "models/bot/README.md": gemma },
    });
    expect(r.rows).toEqual([
      expect.objectContaining({
        source: "models/bot/README.md",
        line: 2,
        ids: ["gemma"],
        classes: ["vendor"],
        before: ["apache-2.0"],
        files: ["models/bot/README.md"],
        reasons: ["changed from apache-2.0", "vendor is not an allowed class"],
      }),
    ]);
  });

  it("an unchanged allowed card over a changed dataset file needs nothing; its base is read at the head", () => {
    const files = [{ path: "datasets/faq/data/train.jsonl", status: "modified" }];
    const { config, classifier } = policy();
    expect(licenceReads(config, classifier, files).reads.filter((r) => r.side === "base")).toEqual([]);
    const r = report(files, { head: { "datasets/faq/README.md": apache } });
    expect(r.rows).toEqual([expect.objectContaining({ source: "datasets/faq/README.md", reasons: [] })]);
  });

  it("a new dataset with no card anywhere above it: no licence stated for a new dataset", () => {
    const r = report([{ path: "datasets/scraped/part-0.jsonl", status: "added" }], {
      head: { "README.md": "# Bot\n" },
    });
    expect(r.rows).toEqual([
      expect.objectContaining({
        source: "datasets/scraped/",
        state: "missing",
        reasons: ["no licence stated for a new model or dataset"],
      }),
    ]);
  });

  it("a deleted card counts as a missing licence, though the assets under it did not change", () => {
    const r = report([{ path: "models/bot/README.md", status: "removed" }], {
      base: { "models/bot/README.md": apache },
    });
    expect(r.rows[0]).toMatchObject({ state: "missing", reasons: ["the licence was removed"] });
  });

  it("a licence change hidden in a renamed card is still a change", () => {
    const r = report([{ path: "models/bot-v2/README.md", previousPath: "models/bot/README.md", status: "renamed" }], {
      base: { "models/bot/README.md": apache },
      head: { "models/bot-v2/README.md": card("cmmlu") },
    });
    expect(r.rows[0]).toMatchObject({
      ids: ["cc-by-nc-4.0"],
      before: ["apache-2.0"],
      reasons: ["changed from apache-2.0", "non-commercial is not an allowed class"],
    });
  });

  it("a model config's own licence wins over its card", () => {
    const r = report(
      [{ path: "models/bot/model.yaml", status: "modified" }],
      {
        base: { "models/bot/model.yaml": "license: apache-2.0\n" },
        head: { "models/bot/model.yaml": "license: llama3\n", "models/bot/README.md": apache },
      },
      "  table:\n    llama3: permissive\n",
    );
    expect(r.rows).toEqual([
      expect.objectContaining({
        source: "models/bot/model.yaml",
        line: 1,
        ids: ["llama3"],
        reasons: ["changed from apache-2.0"],
      }),
    ]);
  });
});

describe("the policy blocks' config", () => {
  it("names an undeclared role, a bad class and a bad pattern at their lines", () => {
    const text = [
      "roles:",
      "  ds:",
      "    members: [dana]",
      "licences:",
      "  role: legal",
      "  allow: [permissive, free]",
      "sensitive_data:",
      "  role: privacy",
      '  allow: ["(unclosed"]',
    ].join("\n");
    const problems = parseConfigText(text, ".github/squadgate.yml").problems.map(
      (p) => `${p.line}: ${p.key}: ${p.message}`,
    );
    expect(problems).toEqual([
      expect.stringMatching(/^6: licences\.allow\.1: Invalid option: expected one of "permissive"\|"copyleft"/),
      expect.stringMatching(/^9: sensitive_data\.allow\.0: not a valid regular expression: /),
    ]);
    const roles = parseConfigText(text.replace(", free", "").replace('"(unclosed"', '"x"'), ".github/squadgate.yml");
    expect(roles.problems.map((p) => `${p.line}: ${p.key}: ${p.message}`)).toEqual([
      '5: licences.role: unknown role "legal"',
      '8: sensitive_data.role: unknown role "privacy"',
    ]);
  });
});
