import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../src/config/validate-config.js";
import type { Config } from "../../src/config/schema.js";
import type { ChangedFile } from "../../src/core/gate/types.js";
import { extractModels, type ModelRef } from "../../src/core/policies/providers/extract.js";
import { addedText, baseFromHead } from "../../src/core/policies/providers/patch.js";
import { modelFamily, vendorTable } from "../../src/core/policies/providers/vendors.js";
import {
  MAX_MODEL_FILES,
  modelFilesToRead,
  providerFiles,
  providerVerdict,
} from "../../src/core/policies/providers/verdict.js";
import type { HeadText } from "../../src/core/pull/facts.js";
import { readFixture } from "../helpers/fixtures.js";
import { githubPatch } from "../helpers/patch.js";

const VENDORS = vendorTable({});
/** Prompty's syntax for a value from the environment, as its files write it. */
const fromEnv = (name: string) => `\${env:${name}}`;
const refs = (path: string, text: string): ModelRef[] => {
  const found = extractModels(path, text, VENDORS);
  if ("unreadable" in found) throw new Error(found.unreadable);
  return found.refs;
};
const fixture = (name: string) => readFixture(`providers/${name}`);

function config(providers = "providers:\n  roles: [legal]\n"): Config {
  const yaml = `roles:\n  ds:\n    members: [dana]\n  legal:\n    members: [lee]\n${providers}`;
  const parsed = parseConfigText(yaml, ".github/squadgate.yml");
  if (!parsed.config) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config;
}

/** One changed file as GitHub lists it (with its diff), and its head text as read. */
async function change(path: string, before: string | null, after: string | null, status?: string) {
  const file: ChangedFile = {
    path,
    status: status ?? (before === null ? "added" : after === null ? "removed" : "modified"),
    patch: await githubPatch(before, after),
  };
  const texts = new Map<string, HeadText>(after === null ? [] : [[path, { text: after }]]);
  return { file, texts };
}

async function verdictOf(path: string, before: string | null, after: string | null, cfg = config()) {
  const { file, texts } = await change(path, before, after);
  return providerVerdict(cfg, [file], texts);
}

describe("which models a file calls", () => {
  it("Prompty: the configuration's type, deployment or model, and base_url", () => {
    expect(refs("prompts/basic.prompty", fixture("prompty/basic.prompty"))).toEqual([
      { vendor: "azure", model: "gpt-4o", line: 8 },
    ]);
    expect(refs("prompts/chat.prompty", fixture("prompty/minimax-chat.prompty"))).toEqual([
      { vendor: "minimax", model: "MiniMax-M2.5", line: 7 },
    ]);
    // Deployment and endpoint from the environment: the type still names the vendor.
    expect(refs("evals/groundedness.prompty", fixture("prompty/groundedness.prompty"))).toEqual([
      { vendor: "azure", model: fromEnv("AZURE_DEPLOYMENT"), line: 8 },
    ]);
  });

  it("Dotprompt: the provider prefix of model", () => {
    expect(refs("prompts/recipe.prompt", fixture("dotprompt/recipe.prompt"))).toEqual([
      { vendor: "google", model: "gemini-2.5-flash", line: 2 },
    ]);
    expect(refs("prompts/travel-planner.prompt", fixture("dotprompt/travel-planner.prompt"))).toEqual([
      { vendor: "openai", model: "gpt-4o-mini", line: 2 },
    ]);
  });

  it("promptfoo: each provider id or object, commented-out ones not", () => {
    expect(refs("evals/promptfooconfig.yaml", fixture("promptfoo/getting-started.yaml"))).toEqual([
      { vendor: "openai", model: "gpt-4.1", line: 12 },
      { vendor: "openai", model: "o4-mini", line: 13 },
    ]);
    expect(refs("evals/promptfooconfig.yaml", fixture("promptfoo/ollama.yaml"))).toEqual([
      { vendor: "self-hosted", model: "llama4-scout", line: 11 },
      { vendor: "self-hosted", model: "llama4-maverick", line: 16 },
      { vendor: "openai", model: "gpt-5-mini", line: 21 },
    ]);
  });

  it("LiteLLM: each model_list entry's model, its prefix, or its api_base's host", () => {
    expect(refs("config/litellm.yaml", fixture("litellm/proxy_server_config.yaml"))).toEqual([
      { vendor: "openai", model: "gpt-3.5-turbo", line: 4 },
      { vendor: "azure", model: "chatgpt-v-2", line: 10 },
      { vendor: "aws", model: "berri-benchmarking-Llama-2-70b-chat-hf-4", line: 16 },
      { vendor: "exampleopenaiendpoint-production.up.railway.app", model: "fake", line: 20 },
      { vendor: "anthropic", model: "*", line: 26 },
      { vendor: "groq", model: "*", line: 30 },
      { vendor: "mistral", model: "mistral-embed", line: 34 },
    ]);
  });

  it("a file that does not parse cannot be read, and says where", () => {
    expect(extractModels("models/chat.yaml", "model: [gpt-4o\n", VENDORS)).toEqual({
      unreadable: expect.stringMatching(/^does not parse as YAML at line \d+$/),
    });
  });

  it("aliases are not expanded: a billion-laughs config is read as written", () => {
    const levels = Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(", ")}]`);
    const bomb = ["l0: &l0 {model: gpt-4o}", ...levels].join("\n");
    expect(refs("models/bomb.yaml", bomb)).toEqual([{ vendor: "openai", model: "gpt-4o", line: 1 }]);
  });

  it("a model's family: its name without dates and versions", () => {
    expect(modelFamily("gpt-4o-2024-08-06")).toBe("gpt-4o");
    expect(modelFamily("claude-3-5-sonnet-20241022")).toBe("claude-3-5-sonnet");
    expect(modelFamily("us.anthropic.claude-3-5-sonnet-20241022-v2:0")).toBe("us.anthropic.claude-3-5-sonnet");
    expect(modelFamily("gemini-2.5-flash-preview-05-20")).toBe("gemini-2.5-flash");
    expect(modelFamily("gpt-35-turbo-1106")).toBe("gpt-35-turbo");
    expect(modelFamily("llama3:latest")).toBe("llama3");
    expect(modelFamily("gpt-4o-mini")).toBe("gpt-4o-mini");
  });

  it("a vendor from the repository's own hosts and prefixes first; private hosts are self-hosted", () => {
    const own = vendorTable({ "llm.acme.internal": "acme", "*.gw.acme.com": "acme-gateway", acme: "acme" });
    expect(own.byEndpoint("https://llm.acme.internal/v1")).toBe("acme");
    expect(own.byEndpoint("https://eu.gw.acme.com/openai")).toBe("acme-gateway");
    expect(own.byPrefix("acme")).toBe("acme");
    expect(VENDORS.byEndpoint("http://localhost:11434/v1")).toBe("self-hosted");
    expect(VENDORS.byEndpoint("http://10.0.3.7:8000/v1")).toBe("self-hosted");
    expect(VENDORS.byEndpoint(fromEnv("AZURE_OPENAI_ENDPOINT"))).toBeUndefined();
    expect(VENDORS.byEndpoint("https://bedrock-runtime.us-east-1.amazonaws.com")).toBe("aws");
  });
});

describe("the diff GitHub shows gives the old text", () => {
  it("reverses a real diff onto the new text, and refuses one that does not fit it", async () => {
    const before = fixture("litellm/azure_config.yaml");
    const after = before.replace("model: azure/gpt-4", "model: anthropic/claude-3-5-sonnet-20241022");
    const patch = await githubPatch(before, after);
    expect(baseFromHead(after, patch)).toBe(before);
    expect(baseFromHead(after.replace("claude-3-5-sonnet-20241022", "claude-3-opus"), patch)).toBeUndefined();
    expect(baseFromHead(after, "")).toBe(after);
  });

  it("an added file's whole text is in its diff", async () => {
    const text = fixture("dotprompt/recipe.prompt");
    expect(addedText(await githubPatch(null, text))).toBe(text.replace(/\n$/, ""));
  });
});

describe("what a change of provider needs", () => {
  it("a new vendor needs the roles, and names old and new with the line", async () => {
    const verdict = await verdictOf(
      "prompts/support.prompty",
      fixture("prompty/basic.prompty"),
      fixture("prompty/minimax-chat.prompty"),
    );
    expect(verdict?.changes).toEqual([
      {
        path: "prompts/support.prompty",
        kind: "vendor",
        before: [{ vendor: "azure", model: "gpt-4o", line: 8 }],
        after: [{ vendor: "minimax", model: "MiniMax-M2.5", line: 7 }],
        newVendors: ["minimax"],
        line: 7,
        needsRoles: true,
      },
    ]);
    expect(verdict?.required.map((g) => [g.requirement.id, g.files])).toEqual([
      ["@legal", ["prompts/support.prompty"]],
    ]);
  });

  it("uncommenting a provider of another vendor in promptfoo is a new vendor", async () => {
    const before = fixture("promptfoo/getting-started.yaml");
    const after = before.replace("  # - anthropic:messages", "  - anthropic:messages");
    const verdict = await verdictOf("evals/promptfooconfig.yaml", before, after);
    expect(verdict?.changes).toMatchObject([{ kind: "vendor", newVendors: ["anthropic"], line: 14, needsRoles: true }]);
  });

  it("LiteLLM moving a model off Azure to Anthropic is a new vendor", async () => {
    const before = fixture("litellm/azure_config.yaml");
    const after = before
      .replace("model: azure/gpt-4", "model: anthropic/claude-3-5-sonnet-20241022")
      .replace("      api_base: https://openai-gpt-4-test-v-2.openai.azure.com/\n", "");
    const verdict = await verdictOf("models/litellm.yaml", before, after);
    expect(verdict?.changes).toMatchObject([{ kind: "vendor", newVendors: ["anthropic"], line: 14 }]);
  });

  it("a version bump of the same model is reported but needs no role, unless on: any", async () => {
    const before = fixture("dotprompt/recipe.prompt");
    const after = before.replace("gemini-2.5-flash", "gemini-2.5-flash-preview-05-20");
    expect((await verdictOf("prompts/recipe.prompt", before, after))?.changes).toMatchObject([
      { kind: "version", needsRoles: false },
    ]);
    const any = config("providers:\n  roles: [legal]\n  on: any\n");
    expect((await verdictOf("prompts/recipe.prompt", before, after, any))?.required).toHaveLength(1);
  });

  it("another model of the same vendor needs the roles only with on: model", async () => {
    const before = fixture("dotprompt/travel-planner.prompt");
    const after = before.replace("openai/gpt-4o-mini", "openai/o3");
    expect((await verdictOf("prompts/travel.prompt", before, after))?.changes).toMatchObject([
      { kind: "model", needsRoles: false },
    ]);
    const onModel = config("providers:\n  roles: [legal]\n  on: model\n");
    expect((await verdictOf("prompts/travel.prompt", before, after, onModel))?.changes).toMatchObject([
      { kind: "model", needsRoles: true },
    ]);
  });

  it("a switch to an approved vendor is reported only; dropping a vendor is reported only", async () => {
    const approved = config("providers:\n  roles: [legal]\n  approved: [minimax]\n");
    const to = await verdictOf(
      "p.prompty",
      fixture("prompty/basic.prompty"),
      fixture("prompty/minimax-chat.prompty"),
      approved,
    );
    expect(to?.changes).toMatchObject([{ kind: "vendor", needsRoles: false }]);
    expect(to?.required).toEqual([]);
    const before = fixture("promptfoo/ollama.yaml");
    const after = before.replace("  - id: openai:gpt-5-mini\n    prompts:\n      - openai_prompt\n", "");
    expect((await verdictOf("evals/promptfooconfig.yaml", before, after))?.changes).toMatchObject([
      { kind: "dropped", line: 21, needsRoles: false },
    ]);
  });

  it("a change that touches no model is not reported", async () => {
    const before = fixture("prompty/basic.prompty");
    const verdict = await verdictOf("p.prompty", before, before.replace("briefly, succinctly", "briefly"));
    expect(verdict).toEqual({ changes: [], required: [] });
  });

  it("a new prompt file calling a vendor is a new vendor, read from its diff alone", async () => {
    const { file } = await change("prompts/recipe.prompt", null, fixture("dotprompt/recipe.prompt"));
    expect(modelFilesToRead(config(), [file])).toEqual([]);
    expect(providerVerdict(config(), [file], new Map())?.changes).toMatchObject([
      { kind: "vendor", newVendors: ["google"] },
    ]);
  });

  it("what cannot be read counts as a change of vendor, and says why", async () => {
    const text = fixture("prompty/basic.prompty");
    const cases: [ChangedFile, HeadText | undefined, string][] = [
      [
        { path: "p/a.prompty", status: "modified" },
        { text },
        "GitHub shows no diff for it, so its old version is unknown",
      ],
      [
        { path: "p/b.prompty", status: "modified", patch: "@@ -1 +1 @@\n-x\n+y" },
        { text },
        "its diff does not match its new version",
      ],
      [
        { path: "p/c.prompty", status: "modified", patch: "" },
        { skipped: "too-large", bytes: 600_000 },
        "it is too large to read (586 KiB; the limit is 500 KiB)",
      ],
      [
        { path: "p/d.prompty", status: "modified", patch: "" },
        undefined,
        `Squadgate reads at most ${MAX_MODEL_FILES} model configs and prompts per pull request`,
      ],
    ];
    for (const [file, read, why] of cases) {
      const verdict = providerVerdict(config(), [file], new Map(read ? [[file.path, read]] : []));
      expect(verdict?.changes).toMatchObject([{ kind: "unreadable", needsRoles: true, why }]);
    }
    // Without its old text, a file that now calls no model cannot have started calling a vendor.
    const plain: ChangedFile = { path: "p/e.prompty", status: "modified" };
    expect(
      providerVerdict(config(), [plain], new Map([[plain.path, { text: "---\nname: x\n---\nhi" }]]))?.changes,
    ).toEqual([]);
  });

  it("parses at most 1 MiB of model configuration per pull request; past that a change counts as a new vendor", () => {
    const entry = (i: number) => `  - model_name: m${i}\n    litellm_params:\n      model: azure/gpt-4o-${i}\n`;
    let yaml = "model_list:\n";
    for (let i = 0; yaml.length < 400_000; i++) yaml += entry(i);
    const files: ChangedFile[] = ["a", "b", "c"].map((name) => ({
      path: `models/${name}.yaml`,
      status: "modified",
      patch: "",
    }));
    const verdict = providerVerdict(config(), files, new Map(files.map((f) => [f.path, { text: yaml }])));
    // Both versions of a fit (800 KB); b's new version would take it past 1 MiB.
    expect(verdict?.changes.map((c) => [c.path, c.kind, c.why])).toEqual([
      [
        "models/b.yaml",
        "unreadable",
        "its new version is more model configuration than Squadgate parses for one pull request (1 MiB in all)",
      ],
      [
        "models/c.yaml",
        "unreadable",
        "its new version is more model configuration than Squadgate parses for one pull request (1 MiB in all)",
      ],
    ]);
  });

  it("one config of 600 KB: its new version fits, its old one does not", () => {
    let yaml = "model_list:\n";
    for (let i = 0; yaml.length < 600_000; i++) yaml += `  - litellm_params: { model: azure/gpt-4o-${i} }\n`;
    const file: ChangedFile = { path: "models/big.yaml", status: "modified", patch: "" };
    expect(providerVerdict(config(), [file], new Map([[file.path, { text: yaml }]]))?.changes).toMatchObject([
      { kind: "unreadable", why: expect.stringMatching(/^its old version is more model configuration/) },
    ]);
  });

  it("reads the configured kinds and globs, in formats that name a model, never removed files", () => {
    const cfg = config('providers:\n  roles: [legal]\n  files: ["config/litellm*.yaml"]\n');
    const files: ChangedFile[] = [
      { path: "prompts/a.prompty", status: "modified" },
      { path: "prompts/b.txt", status: "modified" },
      { path: "config/litellm-prod.yaml", status: "modified" },
      { path: "config/other.yaml", status: "modified" },
      { path: "models/chat.yaml", status: "removed" },
      { path: "models/weights.safetensors", status: "modified" },
    ];
    expect(providerFiles(cfg, files).map((f) => f.path)).toEqual(["prompts/a.prompty", "config/litellm-prod.yaml"]);
    const many = Array.from({ length: MAX_MODEL_FILES + 5 }, (_, i) => ({
      path: `prompts/p${i}.prompty`,
      status: "modified",
    }));
    expect(modelFilesToRead(cfg, many)).toHaveLength(MAX_MODEL_FILES);
  });
});
