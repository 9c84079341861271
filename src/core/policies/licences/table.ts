import type { LicenceClass } from "../../../config/licences-schema.js";

/**
 * Squadgate's table of licence ids, as Hugging Face cards write them (`license:`, or `license_name:`
 * with `license: other`), by what they let a company do with a model or dataset:
 *
 * - permissive: use, change and ship, with attribution at most;
 * - copyleft: the same, but what is built on it or shipped with it must keep the licence (share-alike);
 * - use-restricted: open weights with a list of forbidden uses to pass on (RAIL), or no derivatives;
 * - non-commercial, research-only: no product use at all;
 * - vendor: a model maker's own terms (Llama, Gemma, Qwen): commercial use with conditions to check;
 * - unknown: `other`, `unknown`, or an id the table does not hold.
 *
 * A repository adds or overrides ids with `licences.table`.
 */
const BY_CLASS: Record<Exclude<LicenceClass, "unknown">, readonly string[]> = {
  permissive: [
    "apache-2.0",
    "mit",
    "bsd",
    "bsd-2-clause",
    "bsd-3-clause",
    "bsd-3-clause-clear",
    "bsl-1.0",
    "isc",
    "zlib",
    "unlicense",
    "wtfpl",
    "postgresql",
    "ncsa",
    "afl-3.0",
    "artistic-2.0",
    "ecl-2.0",
    "lppl-1.3c",
    "cc0-1.0",
    "cc-by-2.0",
    "cc-by-2.5",
    "cc-by-3.0",
    "cc-by-4.0",
    "pddl",
    "odc-by",
    "cdla-permissive-1.0",
    "cdla-permissive-2.0",
    "etalab-2.0",
    "openmdw-1.0",
    "openmdw-1.1",
  ],
  copyleft: [
    "gpl",
    "gpl-2.0",
    "gpl-3.0",
    "agpl-3.0",
    "lgpl",
    "lgpl-2.1",
    "lgpl-3.0",
    "lgpl-lr",
    "mpl-2.0",
    "epl-1.0",
    "epl-2.0",
    "eupl-1.1",
    "eupl-1.2",
    "osl-3.0",
    "ms-pl",
    "gfdl",
    "ofl-1.1",
    "cc-by-sa-3.0",
    "cc-by-sa-4.0",
    "odbl",
    "cdla-sharing-1.0",
  ],
  "use-restricted": [
    "openrail",
    "openrail++",
    "bigscience-openrail-m",
    "creativeml-openrail-m",
    "bigcode-openrail-m",
    "bigscience-bloom-rail-1.0",
    "c-uda",
    "apple-ascl",
    "cc-by-nd-4.0",
  ],
  "non-commercial": [
    "cc-by-nc-2.0",
    "cc-by-nc-3.0",
    "cc-by-nc-4.0",
    "cc-by-nc-nd-3.0",
    "cc-by-nc-nd-4.0",
    "cc-by-nc-sa-2.0",
    "cc-by-nc-sa-3.0",
    "cc-by-nc-sa-4.0",
    "deepfloyd-if-license",
  ],
  "research-only": [
    "fair-noncommercial-research-license",
    "h-research",
    "intel-research",
    "apple-amlr",
    "mrl",
    "tongyi-qianwen-research",
  ],
  vendor: [
    "llama2",
    "llama3",
    "llama3.1",
    "llama3.2",
    "llama3.3",
    "llama4",
    "gemma",
    "grok2-community",
    "tongyi-qianwen",
    "qwen",
    "deepseek",
    "deepseek-license",
    "falcon-llm-license",
    "nvidia-open-model-license",
  ],
};

export const BUILT_IN_LICENCES: ReadonlyMap<string, LicenceClass> = new Map(
  Object.entries(BY_CLASS).flatMap(([licenceClass, ids]) => ids.map((id) => [id, licenceClass as LicenceClass])),
);

/** The class of a licence id (case does not matter), the repository's own table first. */
export function classOf(id: string, table: Readonly<Record<string, LicenceClass>> = {}): LicenceClass {
  const key = id.trim().toLowerCase();
  const own = Object.entries(table).find(([other]) => other.toLowerCase() === key)?.[1];
  return own ?? BUILT_IN_LICENCES.get(key) ?? "unknown";
}

/**
 * Licence texts recognised by their title, for configs that carry the text rather than an id (an
 * Ollama Modelfile's `LICENSE`): the first title found in the text's opening lines names it.
 */
const TITLES: readonly [RegExp, string][] = [
  [/llama\s*4\s+community\s+license/i, "llama4"],
  [/llama\s*3\.3\s+community\s+license/i, "llama3.3"],
  [/llama\s*3\.2\s+community\s+license/i, "llama3.2"],
  [/llama\s*3\.1\s+community\s+license/i, "llama3.1"],
  [/llama\s*3\s+community\s+license/i, "llama3"],
  [/llama\s*2\s+community\s+license/i, "llama2"],
  [/gemma\s+terms\s+of\s+use/i, "gemma"],
  [/tongyi\s+qianwen/i, "tongyi-qianwen"],
  [/creativeml\s+open\s+rail-m/i, "creativeml-openrail-m"],
  [/attribution-noncommercial-sharealike\s+4\.0/i, "cc-by-nc-sa-4.0"],
  [/attribution-noncommercial\s+4\.0/i, "cc-by-nc-4.0"],
  [/apache\s+license,?\s+version\s+2\.0/i, "apache-2.0"],
  [/gnu\s+affero\s+general\s+public\s+license/i, "agpl-3.0"],
  [/gnu\s+general\s+public\s+license\s+version\s+3/i, "gpl-3.0"],
  [/^\s*mit\s+license|permission is hereby granted, free of charge/im, "mit"],
];

/** The licence id a licence text names in its first 2,000 characters, or undefined. */
export function idFromText(text: string): string | undefined {
  const opening = text.slice(0, 2000);
  return TITLES.find(([title]) => title.test(opening))?.[1];
}
