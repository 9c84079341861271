import fc from "fast-check";
import { Minimatch } from "minimatch";
import { describe, expect, it } from "vitest";
import { compileAssetKinds } from "../../src/core/assets/classify.js";
import { DEFAULT_ASSET_GLOBS } from "../../src/config/default-assets.js";

const kindsOf = compileAssetKinds(DEFAULT_ASSET_GLOBS).kindsOf;

/** Paths as they appear in real public repositories: prompt tools, eval suites, model repositories. */
describe("built-in asset kinds on real layouts", () => {
  it.each([
    // openai/evals: the eval registry is data; the Python package named `evals` is code.
    ["evals/registry/evals/coqa-ex.yaml", ["eval"]],
    ["evals/registry/data/coqa/samples.jsonl", ["dataset", "eval"]],
    ["evals/registry/modelgraded/fact.yaml", ["eval"]],
    ["evals/elsuite/modelgraded/classify.py", []],
    ["evals/registry.py", []],
    ["evals/elsuite/bluff/README.md", []],
    // Prompt flow: Jinja prompts beside their flow, the flow's model settings, sample data.
    ["examples/flows/chat/chat-basic/chat.jinja2", ["prompt"]],
    ["examples/flows/chat/chat-basic/flow.dag.yaml", ["model-config"]],
    ["examples/flows/chat/chat-basic/data.jsonl", ["dataset"]],
    ["examples/flows/evaluation/eval-groundedness/groundedness.prompty", ["prompt"]],
    ["scripts/readme/workflow_templates/basic_workflow.yml.jinja2", []],
    ["scripts/tool/templates/setup.py.j2", []],
    // LangChain hub: prompt files, not their READMEs or helper code.
    ["prompts/qa/stuff/basic.yaml", ["prompt"]],
    ["prompts/llm_math/prompt.json", ["prompt"]],
    ["prompts/llm_math/README.md", []],
    ["prompts/readme_template.md", []],
    ["prompts/sql_query/relevant_tables/relevant_tables.py", []],
    // Dotprompt, Prompty, POML, Copilot prompt files.
    ["examples/valid-customer-support.prompt", ["prompt"]],
    ["runtime/python/prompty/tests/prompts/basic.prompty", ["prompt"]],
    ["docs/agent.poml", ["prompt"]],
    [".github/prompts/review.prompt.md", ["prompt"]],
    // Hugging Face model repository.
    ["generation_config.json", ["model-config"]],
    ["tokenizer_config.json", ["model-config"]],
    ["adapters/support/adapter_config.json", ["model-config"]],
    ["model-00001-of-00002.safetensors", ["model-config"]],
    ["chat_template.jinja", ["prompt"]],
    ["config.json", []],
    // MLflow, Ollama, DVC.
    ["mlruns/0/2acb71/artifacts/model/MLmodel", ["model-config"]],
    ["ollama/Modelfile", ["model-config"]],
    ["ollama/support.Modelfile", ["model-config"]],
    ["data/tickets.csv.dvc", ["dataset"]],
    ["dvc.yaml", ["dataset"]],
    ["dvc.lock", ["dataset"]],
    // promptfoo.
    ["evals/promptfooconfig.yaml", ["eval"]],
    ["promptfooconfig.ts", ["eval"]],
    ["app/agent.evalset.json", ["eval"]],
    // Code under asset-sounding folders stays code.
    ["torchvision/datasets/mnist.py", []],
    ["src/datasets/loader.ts", []],
    ["app/models/user.rb", []],
    ["data/__init__.py", []],
    ["lm_eval/api/model.py", []],
    ["src/prompts/index.ts", []],
    ["prompty/runtime/model_capabilities.json", []],
  ])("%s -> %j", (path, kinds) => {
    expect(kindsOf(path)).toEqual(kinds);
  });
});

describe("classification shortcut", () => {
  it("turning paths away by extension first never changes minimatch's answer", () => {
    const globs = {
      builtIn: Object.values(DEFAULT_ASSET_GLOBS).flat(),
      tricky: [
        "**/*.{json}",
        "a\\.b",
        "**/{x/y,z}.json",
        "*.json",
        "**/@(a|b).c",
        "x/**",
        "**/*.tar.gz",
        "**/.env",
        "**/*.j?",
      ],
    };
    const segment = fc.constantFrom(
      "a",
      "b",
      "x",
      "y",
      "z",
      "prompts",
      "evals",
      "models",
      "data",
      "datasets",
      ".hidden",
      "x.y",
    );
    const name = fc.constantFrom(
      "a.json",
      "z.json",
      "b.c",
      "a.b",
      "m.tar.gz",
      ".env",
      "f.j2",
      "f.jsonl",
      "model.yaml",
      "chat.jinja2",
      "s.yml.jinja2",
      "MLmodel",
      "README.md",
      ".jsonl",
      "x",
    );
    const path = fc.tuple(fc.array(segment, { maxLength: 3 }), name).map(([dirs, file]) => [...dirs, file].join("/"));
    const options = { dot: true, nonegate: true, nocomment: true };
    for (const list of Object.values(globs)) {
      const { kindsOf } = compileAssetKinds(Object.fromEntries(list.map((glob, i) => [`k${i}`, [glob]])));
      const plain = list.map((glob) => new Minimatch(glob, options));
      fc.assert(
        fc.property(path, (p) => {
          expect(kindsOf(p)).toEqual(plain.flatMap((m, i) => (m.match(p) ? [`k${i}`] : [])));
        }),
        { numRuns: 500 },
      );
    }
  });
});
