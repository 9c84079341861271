import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { promptfooRefs } from "./promptfoo.js";
import { CUSTOM, NO_VENDOR, type VendorTable } from "./vendors.js";

/** A model a file calls: who serves it, which model, and the line that says so. */
export interface ModelRef {
  vendor: string;
  model?: string;
  line: number;
}

/** What a file calls, or why it cannot be told (a predicate: "does not parse as YAML at line 3"). */
export type Extracted = { refs: ModelRef[] } | { unreadable: string; overBudget?: true };

/** Files whose structure says which model they call, by their name. */
export const readableFormat = (path: string): boolean =>
  /\.(?:ya?ml|json|prompty|prompt|md|mdx)$/i.test(path) && !/(?:^|\/)package(?:-lock)?\.json$/.test(path);

/**
 * The models a file calls: promptfoo's `providers` (and its grader, `defaultTest.options.provider`),
 * the front matter of a Prompty, Dotprompt or markdown prompt (`model`), and in any other YAML or
 * JSON config each mapping with a `model` (or Azure deployment) beside a provider, type or endpoint
 * (`base_url`, `api_base`, …), as LiteLLM's `model_list` and OpenAI-style configs write them.
 */
export function extractModels(
  path: string,
  text: string,
  vendors: VendorTable,
  budget: { left: number } = { left: Number.POSITIVE_INFINITY },
): Extracted {
  const frontMatter = /\.(?:prompty|prompt|md|mdx)$/i.test(path);
  const source = frontMatter ? frontMatterOf(text) : { yaml: text, offset: 0 };
  if (!source) return { refs: [] };
  // The YAML parser takes about a second a megabyte: what one pull request may make it parse is bounded.
  if (source.yaml.length > budget.left)
    return {
      unreadable: "is more model configuration than Squadgate parses for one pull request (1 MiB in all)",
      overBudget: true,
    };
  budget.left -= source.yaml.length;
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.yaml, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const pos = lineCounter.linePos(doc.errors[0]?.pos[0] ?? 0);
    return { unreadable: `does not parse as YAML at line ${pos.line + source.offset}` };
  }
  const lineOf = (node: Node | null | undefined) =>
    node?.range ? lineCounter.linePos(node.range[0]).line + source.offset : source.offset + 1;
  const root = doc.contents;
  if (/(?:^|\/)promptfooconfig[^/]*$/i.test(path) || (isMap(root) && (root.has("prompts") || root.has("tests"))))
    return { refs: promptfooRefs(root, vendors, lineOf) };
  const refs: ModelRef[] = [];
  walk(root, 0, (map) => {
    const ref = mappingRef(map, vendors, lineOf);
    if (ref) refs.push(ref);
  });
  return { refs };
}

/** The YAML between a leading `---` line and the next; the offset turns its lines into the file's. */
function frontMatterOf(text: string): { yaml: string; offset: number } | undefined {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  return match ? { yaml: match[1] as string, offset: 1 } : undefined;
}

const MAX_DEPTH = 12;
const MAX_NODES = 20_000;

/** Every mapping in the document, depth first, within limits (configs are small; a hostile one is not walked forever). */
function walk(root: unknown, depth: number, visit: (map: Parameters<typeof mappingRef>[0]) => void): void {
  let budget = MAX_NODES;
  const go = (node: unknown, level: number) => {
    if (budget-- <= 0 || level > MAX_DEPTH) return;
    if (isMap(node)) {
      visit(node);
      for (const pair of node.items) go(pair.value, level + 1);
    } else if (isSeq(node)) for (const item of node.items) go(item, level + 1);
  };
  go(root, depth);
}

const MODEL_KEYS = ["model", "model_id", "azure_deployment", "deployment_name"];
const VENDOR_KEYS = ["provider", "type", "api_type", "custom_llm_provider", "model_provider"];
const ENDPOINT_KEYS = [
  "base_url",
  "api_base",
  "baseUrl",
  "apiBase",
  "api_base_url",
  "apiBaseUrl",
  "apiHost",
  "azure_endpoint",
  "endpoint",
  "openai_api_base",
];

type YamlMap = { items: { key: unknown; value: unknown }[] };

/** The model one mapping calls, if it names a model beside a vendor, or a vendor's endpoint or type. */
function mappingRef(
  map: YamlMap,
  vendors: VendorTable,
  lineOf: (node: Node | null | undefined) => number,
): ModelRef | undefined {
  const entry = (keys: readonly string[]) => {
    for (const key of keys) {
      const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (pair && isScalar(pair.value) && typeof pair.value.value === "string" && pair.value.value.trim())
        return { text: pair.value.value.trim(), key: pair.key as Node };
    }
    return undefined;
  };
  const model = entry(MODEL_KEYS);
  const endpoint = entry(ENDPOINT_KEYS);
  const declared = entry(VENDOR_KEYS);
  const byEndpoint = endpoint ? vendors.byEndpoint(endpoint.text) : undefined;
  // `type: file` or `type: python` is some other setting's type, never a vendor.
  const declaredVendor = declared ? vendors.byPrefix(declared.text) : undefined;
  const byDeclared = declaredVendor === CUSTOM || declaredVendor === NO_VENDOR ? undefined : declaredVendor;
  if (!model && !byEndpoint && !byDeclared) return undefined;
  const split = model ? splitPrefix(model.text, vendors) : undefined;
  const vendor =
    byEndpoint ?? byDeclared ?? split?.vendor ?? (split ? vendors.byModelName(split.model) : undefined) ?? "unknown";
  return {
    vendor,
    ...(split ? { model: split.model } : {}),
    line: lineOf(model?.key ?? endpoint?.key ?? declared?.key),
  };
}

/** `azure/gpt-4` or `googleai/gemini-2.5-flash`: a known provider prefix and the model after it. */
export function splitPrefix(model: string, vendors: VendorTable): { vendor?: string; model: string } {
  const slash = model.indexOf("/");
  if (slash <= 0) return { model };
  const vendor = vendors.byPrefix(model.slice(0, slash));
  return vendor ? { vendor, model: model.slice(slash + 1) } : { model };
}
