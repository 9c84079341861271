import { parse as parseYaml } from "yaml";
import type { SuiteResult } from "./model.js";
import { isInspectLog, parseInspect } from "./parse-inspect.js";
import { isLmEval, parseLmEval } from "./parse-lm-eval.js";
import { parseMetricsTree } from "./parse-metrics.js";
import { isPromptfoo, parsePromptfoo } from "./parse-promptfoo.js";

/** Larger result files are refused before parsing. */
export const MAX_RESULT_FILE_BYTES = 20 * 1024 * 1024;

export type ParsedFile = { ok: true; result: SuiteResult } | { ok: false; error: string };

/**
 * Any results file Squadgate understands: promptfoo output (v3 or v2), lm-evaluation-harness
 * results, an inspect_ai JSON log, or a generic metrics tree, in JSON or YAML. Every error names the file and what is wrong with it.
 */
export function parseResultFile(name: string, text: string, suite = suiteNameOf(name)): ParsedFile {
  const fail = (why: string): ParsedFile => ({ ok: false, error: `${name}: ${why}` });
  if (Buffer.byteLength(text, "utf8") > MAX_RESULT_FILE_BYTES)
    return fail(`larger than ${MAX_RESULT_FILE_BYTES / 1024 / 1024} MB`);
  let doc: unknown;
  try {
    doc = /\.ya?ml$/i.test(name) ? parseYaml(text, { maxAliasCount: 100 }) : JSON.parse(text);
  } catch (error) {
    return fail(`not valid ${/\.ya?ml$/i.test(name) ? "YAML" : "JSON"} (${(error as Error).message.split("\n")[0]})`);
  }
  const format = FORMATS.find((f) => f.is(doc));
  const parsed = format ? format.parse(doc, suite, name) : parseMetricsTree(doc, suite, name);
  if ("error" in parsed)
    return fail(
      `${parsed.error}${format ? "" : " (expected promptfoo, lm-evaluation-harness or inspect_ai output, or a tree of numeric metrics)"}`,
    );
  return { ok: true, result: parsed };
}

/** Recognised by their own keys, most specific first; anything else is read as a metrics tree. */
const FORMATS = [
  { is: isLmEval, parse: parseLmEval },
  { is: isInspectLog, parse: parseInspect },
  { is: isPromptfoo, parse: parsePromptfoo },
];

/** `results/support-golden.json` is the suite `support-golden` (and `logs/popularity.eval`, `popularity`). */
export const suiteNameOf = (name: string) => (name.split("/").at(-1) ?? name).replace(/\.(json|ya?ml|eval)$/i, "");
