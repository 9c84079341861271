/**
 * Who receives the data a model call sends: the vendor. It is read from a provider prefix
 * (promptfoo's `anthropic:messages:…`, LiteLLM's `azure/…`, Dotprompt's `googleai/…`), a provider
 * or type key (Prompty's `type: azure_openai`), an endpoint's host (`base_url`), and last from the
 * name of a model only one vendor serves (`gpt-4o`, `claude-…`, `gemini-…`). A repository's own
 * hosts and prefixes come first.
 */

const SELF_HOSTED = "self-hosted";
/** Code of the repository's own calls the model (promptfoo's `file://`, `exec:`, `python:`): which vendor, nobody can tell. */
export const CUSTOM = "custom code";
export const NO_VENDOR = "none (test echo)";

/** Provider prefixes and type names (lower-case) -> vendor. */
const PREFIXES: Readonly<Record<string, string>> = {
  openai: "openai",
  "text-completion-openai": "openai",
  chatgpt: "openai",
  azure: "azure",
  azureopenai: "azure",
  azure_openai: "azure",
  "azure-openai": "azure",
  azure_ai: "azure",
  anthropic: "anthropic",
  bedrock: "aws",
  sagemaker: "aws",
  vertex: "google",
  vertex_ai: "google",
  vertexai: "google",
  google: "google",
  googleai: "google",
  gemini: "google",
  mistral: "mistral",
  mistralai: "mistral",
  groq: "groq",
  cohere: "cohere",
  together: "together",
  togetherai: "together",
  together_ai: "together",
  fireworks: "fireworks",
  fireworks_ai: "fireworks",
  openrouter: "openrouter",
  deepseek: "deepseek",
  xai: "xai",
  perplexity: "perplexity",
  replicate: "replicate",
  huggingface: "huggingface",
  watsonx: "ibm",
  databricks: "databricks",
  cloudflare: "cloudflare",
  cerebras: "cerebras",
  minimax: "minimax",
  ollama: SELF_HOSTED,
  ollama_chat: SELF_HOSTED,
  vllm: SELF_HOSTED,
  hosted_vllm: SELF_HOSTED,
  localai: SELF_HOSTED,
  llamafile: SELF_HOSTED,
  lmstudio: SELF_HOSTED,
  "llama.cpp": SELF_HOSTED,
  file: CUSTOM,
  exec: CUSTOM,
  python: CUSTOM,
  package: CUSTOM,
  echo: NO_VENDOR,
};

/** Hosts (a suffix after a dot counts) -> vendor. */
const HOSTS: readonly [string, string][] = [
  ["api.openai.com", "openai"],
  ["openai.azure.com", "azure"],
  ["cognitiveservices.azure.com", "azure"],
  ["services.ai.azure.com", "azure"],
  ["inference.ai.azure.com", "azure"],
  ["api.anthropic.com", "anthropic"],
  ["generativelanguage.googleapis.com", "google"],
  ["aiplatform.googleapis.com", "google"],
  ["amazonaws.com", "aws"],
  ["api.mistral.ai", "mistral"],
  ["api.groq.com", "groq"],
  ["api.together.xyz", "together"],
  ["api.together.ai", "together"],
  ["api.fireworks.ai", "fireworks"],
  ["openrouter.ai", "openrouter"],
  ["api.deepseek.com", "deepseek"],
  ["api.x.ai", "xai"],
  ["api.cohere.ai", "cohere"],
  ["api.cohere.com", "cohere"],
  ["api.perplexity.ai", "perplexity"],
  ["api.replicate.com", "replicate"],
  ["huggingface.co", "huggingface"],
  ["api.minimax.io", "minimax"],
  ["api.minimax.chat", "minimax"],
  ["api.cerebras.ai", "cerebras"],
  ["models.github.ai", "github"],
];

/** Model names only one vendor's API serves. Open-weight families (llama, mistral-7b, qwen) run anywhere and tell nothing. */
const MODEL_NAMES: readonly [RegExp, string][] = [
  [/^(?:gpt-|o\d(?:-|$)|chatgpt-|text-davinci|davinci|text-embedding-|dall-e|whisper-|tts-)/, "openai"],
  [/^claude-/, "anthropic"],
  [/^gemini-/, "google"],
  [/^command(?:-|$)/, "cohere"],
  [/^grok-/, "xai"],
  [/^deepseek-(?:chat|reasoner)/, "deepseek"],
];

export interface VendorTable {
  /** The vendor a provider prefix or type names, if it names one. */
  byPrefix(prefix: string): string | undefined;
  /** The vendor of an endpoint URL; undefined when it is not a literal URL (an environment variable, a template). */
  byEndpoint(url: string): string | undefined;
  /** The vendor of a model name no other vendor serves. */
  byModelName(model: string): string | undefined;
}

/** The built-in tables, with the repository's own hosts and prefixes (`providers.vendors`) first. */
export function vendorTable(own: Readonly<Record<string, string>>): VendorTable {
  const ownEntries = Object.entries(own);
  const ownMatch = (key: string) => ownEntries.find(([pattern]) => hostMatches(key, pattern))?.[1];
  return {
    byPrefix: (prefix) => {
      const key = prefix.trim().toLowerCase();
      return ownMatch(key) ?? PREFIXES[key];
    },
    byEndpoint: (url) => {
      const host = hostOf(url);
      if (!host) return undefined;
      if (isPrivateHost(host)) return ownMatch(host) ?? SELF_HOSTED;
      return ownMatch(host) ?? HOSTS.find(([known]) => hostMatches(host, known))?.[1] ?? host;
    },
    byModelName: (model) => MODEL_NAMES.find(([pattern]) => pattern.test(model.toLowerCase()))?.[1],
  };
}

/** `pattern` is a host, a `*.` wildcard, or a suffix after a dot (`amazonaws.com` covers `bedrock-runtime.us-east-1.amazonaws.com`). */
function hostMatches(host: string, pattern: string): boolean {
  const bare = pattern.startsWith("*.") ? pattern.slice(2) : pattern;
  return host === bare || host.endsWith(`.${bare}`);
}

/** The lower-cased host of a literal http(s) URL; undefined for templates and environment references. */
export function hostOf(url: string): string | undefined {
  const text = url.trim();
  if (!/^https?:\/\/[^\s$%{}<>]+$/i.test(text)) return undefined;
  try {
    return new URL(text).hostname.toLowerCase().replace(/^\[|\]$/g, "");
  } catch {
    return undefined;
  }
}

function isPrivateHost(host: string): boolean {
  if (["localhost", "127.0.0.1", "0.0.0.0", "::1", "host.docker.internal"].includes(host)) return true;
  if (/\.(?:local|internal|localhost|svc|lan)$/.test(host)) return true;
  return /^(?:10\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.)/.test(host);
}

const MAX_MODEL_NAME = 200;

/**
 * A model's family: its name without a vendor prefix, dates and version suffixes. Two models of
 * one family differ by a version bump: `gpt-4o-2024-05-13` and `gpt-4o-2024-08-06`,
 * `claude-3-5-sonnet-20240620` and `claude-3-5-sonnet-20241022`, `gemini-1.5-pro-001` and `-002`.
 */
export function modelFamily(model: string): string {
  // Model names are short; a config's value is not bounded, so only its start is compared.
  let name = model.trim().slice(0, MAX_MODEL_NAME).toLowerCase();
  name = name.slice(name.lastIndexOf("/") + 1);
  const suffixes = [
    /[-@:](?:latest|preview|exp|experimental)$/,
    /-v\d+(?::\d+)?$/,
    /-\d{4}-\d{2}-\d{2}$/,
    /[-@]\d{8}$/,
    /-\d{2}-\d{2}$/,
    /-\d{3,4}$/,
    /:\d+$/,
  ];
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of suffixes) {
      const next = name.replace(suffix, "");
      if (next !== name && next.length > 0) {
        name = next;
        changed = true;
      }
    }
  }
  return name;
}
