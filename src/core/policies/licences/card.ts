import { isMap, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import { idFromText } from "./table.js";

/** What a card or a model config says about a licence, and where: the line that states it. */
export interface Statement {
  /** Licence ids as written (`license: [apache-2.0, mit]` gives two); empty when none is stated. */
  ids: string[];
  /** The file that states it, and the line (1-based) of the key, when there is one. */
  path: string;
  line?: number;
  baseModels: string[];
  datasets: string[];
}

/** A card is larger than any real one past this; its front matter is not parsed. */
const MAX_FRONT_MATTER = 256 * 1024;
const FENCE = /^---[ \t]*\r?$/;

/**
 * The YAML front matter of a model or dataset card (a `README.md` starting with `---`), as Hugging
 * Face reads it: `license` (an id, or `other` with `license_name`), `base_model` and `datasets`.
 * Undefined when the file has no front matter, so is no card.
 */
export function readCard(path: string, text: string): Statement | undefined {
  const lines = text.replace(/^\uFEFF/, "").split("\n", 5000);
  if (!FENCE.test(lines[0] ?? "")) return undefined;
  const end = lines.findIndex((line, i) => i > 0 && (FENCE.test(line) || /^\.\.\.[ \t]*\r?$/.test(line)));
  if (end < 0) return undefined;
  const yaml = lines.slice(1, end).join("\n");
  if (yaml.length > MAX_FRONT_MATTER) return { ids: [], path, line: 1, baseModels: [], datasets: [] };
  const parsed = parseYaml(yaml);
  if (!parsed) return { ids: [], path, line: 1, baseModels: [], datasets: [] };
  const { data, lineOf } = parsed;
  const license = strings(data["license"]);
  const named = strings(data["license_name"]);
  // `license: other` names the licence in `license_name`, which is the id to classify.
  const useName = named.length > 0 && (license.length === 0 || license.every((id) => id.toLowerCase() === "other"));
  const key = useName ? "license_name" : "license";
  const ids = useName ? named : license;
  const line = lineOf(key);
  return {
    ids,
    path,
    // Lines of the front matter start after the opening fence.
    ...(ids.length > 0 && line !== undefined ? { line: line + 1 } : { line: 1 }),
    baseModels: strings(data["base_model"]),
    datasets: strings(data["datasets"]),
  };
}

/**
 * A licence stated in a model config the built-in kinds know: an Ollama Modelfile's `LICENSE`
 * text (recognised by its title), or a `license` (or `licence`, `metadata.license`) key in a YAML or
 * JSON config such as MLflow's `MLmodel`. Undefined when the config states none.
 */
export function readConfigLicence(path: string, text: string): Statement | undefined {
  const name = path.slice(path.lastIndexOf("/") + 1);
  if (name === "Modelfile" || name.endsWith(".Modelfile")) return modelfileLicence(path, text);
  if (!/\.(ya?ml|json)$/i.test(name) && name !== "MLmodel") return undefined;
  if (text.length > MAX_FRONT_MATTER) return undefined;
  const parsed = parseYaml(text);
  if (!parsed) return undefined;
  const { data, lineOf } = parsed;
  for (const key of ["license", "licence"]) {
    const ids = strings(data[key]);
    if (ids.length > 0) return { ids, path, ...lineAt(lineOf(key)), baseModels: [], datasets: [] };
  }
  const metadata = data["metadata"];
  if (metadata && typeof metadata === "object" && !Array.isArray(metadata)) {
    const ids = strings((metadata as Record<string, unknown>)["license"]);
    if (ids.length > 0) return { ids, path, ...lineAt(lineOf("metadata")), baseModels: [], datasets: [] };
  }
  return undefined;
}

const lineAt = (line: number | undefined) => (line === undefined ? {} : { line });

function modelfileLicence(path: string, text: string): Statement | undefined {
  const match = /^LICENSE[ \t]+("""([\s\S]*?)"""|"([^"\n]*)"|(.+))/m.exec(text.slice(0, MAX_FRONT_MATTER));
  if (!match) return undefined;
  const body = match[2] ?? match[3] ?? match[4] ?? "";
  const line = text.slice(0, match.index).split("\n").length;
  return { ids: [idFromText(body) ?? "other"], path, line, baseModels: [], datasets: [] };
}

/** A YAML (or JSON) mapping and the line of each top-level key; undefined when it is not one. */
function parseYaml(
  text: string,
): { data: Record<string, unknown>; lineOf: (key: string) => number | undefined } | undefined {
  const lineCounter = new LineCounter();
  let doc: Document;
  let data: unknown;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false });
    if (doc.errors.length > 0) return undefined;
    data = doc.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
  if (!data || typeof data !== "object" || Array.isArray(data) || !isMap(doc.contents)) return undefined;
  const contents = doc.contents;
  const lineOf = (key: string) => {
    const pair = contents.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
    const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  return { data: data as Record<string, unknown>, lineOf };
}

/** A string or a list of strings, as cards write single values and lists alike. */
function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list
    .filter((v): v is string | number => typeof v === "string" || typeof v === "number")
    .map((v) => String(v).trim())
    .filter((v) => v.length > 0 && v.length <= 200)
    .slice(0, 20);
}
