import { isMap, isScalar, isSeq, type Node } from "yaml";
import type { ModelRef } from "./extract.js";
import { CUSTOM, type VendorTable } from "./vendors.js";

/** promptfoo's words for an API between the provider and the model (`openai:chat:gpt-4o`). */
const API_WORDS = new Set([
  "chat",
  "completion",
  "messages",
  "embedding",
  "embeddings",
  "responses",
  "assistant",
  "realtime",
  "converse",
  "image",
]);
const ENDPOINT_KEYS = ["apiBaseUrl", "apiHost", "baseUrl", "base_url", "apiBase", "url"];

/**
 * The models a promptfoo config calls: every entry of `providers` (a string id, an object with an
 * `id` and its `config`, or `{ "<id>": config }`) and the grader of model-graded assertions,
 * `defaultTest.options.provider`. An endpoint in the provider's config names the vendor.
 */
export function promptfooRefs(root: unknown, vendors: VendorTable, lineOf: (node: Node | null) => number): ModelRef[] {
  if (!isMap(root)) return [];
  const entries: unknown[] = [];
  const providers = root.get("providers", true);
  if (isSeq(providers)) entries.push(...providers.items);
  else if (providers) entries.push(providers);
  const grader = root.getIn(["defaultTest", "options", "provider"], true);
  if (grader) entries.push(grader);
  return entries.flatMap((entry) => {
    const found = providerOf(entry);
    return found ? [{ ...refOf(found.id, found.endpoint, vendors), line: lineOf(found.node) }] : [];
  });
}

/** A provider entry's id, its node (for the line) and its endpoint, whichever form it takes. */
function providerOf(entry: unknown): { id: string; node: Node; endpoint?: string } | undefined {
  if (isScalar(entry) && typeof entry.value === "string") return { id: entry.value, node: entry as Node };
  if (!isMap(entry)) return undefined;
  const id = entry.get("id", true);
  const config = isScalar(id) ? entry.get("config", true) : entry.items[0]?.value;
  const idNode = isScalar(id) ? id : entry.items.length === 1 ? entry.items[0]?.key : undefined;
  if (!isScalar(idNode) || typeof idNode.value !== "string") return undefined;
  const endpoint = isMap(config)
    ? ENDPOINT_KEYS.map((key) => config.get(key)).find((value): value is string => typeof value === "string")
    : undefined;
  return { id: idNode.value, node: idNode as Node, ...(endpoint ? { endpoint } : {}) };
}

function refOf(id: string, endpoint: string | undefined, vendors: VendorTable): Omit<ModelRef, "line"> {
  const host = endpoint
    ? vendors.byEndpoint(/^https?:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`)
    : undefined;
  if (/^https?:\/\//i.test(id)) return { vendor: host ?? vendors.byEndpoint(id) ?? "unknown" };
  if (/^(?:file|exec|python|package):/i.test(id)) return { vendor: CUSTOM, model: id };
  const [prefix = "", ...rest] = id.split(":");
  while (rest.length > 1 && API_WORDS.has((rest[0] ?? "").toLowerCase())) rest.shift();
  const model = rest.join(":");
  const vendor = host ?? vendors.byPrefix(prefix) ?? (model ? vendors.byModelName(model) : undefined);
  return { vendor: vendor ?? prefix.toLowerCase(), ...(model ? { model } : {}) };
}
