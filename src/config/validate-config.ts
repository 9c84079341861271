import { isMap, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import type * as z from "zod";
import type { Problem } from "./problems.js";
import { configSchema, type Config } from "./schema.js";

export type ConfigResult = { config: Config; problems: Problem[] } | { config: null; problems: Problem[] };

/** Parses and validates the text of a squadgate.yml; every problem carries the file and line. */
export function parseConfigText(text: string, file: string): ConfigResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      config: null,
      problems: doc.errors.map((error) => {
        const pos = lineCounter.linePos(error.pos[0]);
        return { severity: "error", file, line: pos.line, column: pos.col, message: firstLine(error.message) };
      }),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    // yaml refuses alias bombs ("billion laughs") here.
    return { config: null, problems: [{ severity: "error", file, line: 1, message: (error as Error).message }] };
  }
  const problems: Problem[] = [];
  if (isMap(doc.contents) && doc.contents.has("_extends")) {
    problems.push({
      severity: "warning",
      file,
      key: "_extends",
      ...locate(doc, lineCounter, ["_extends"]),
      message: "_extends is resolved only by the GitHub App; this file was checked on its own",
    });
    delete (value as Record<string, unknown>)["_extends"];
  }
  const result = validateConfigValue(value, file, { doc, lineCounter });
  return { ...result, problems: [...problems, ...result.problems] } as ConfigResult;
}

/**
 * Validates an already-parsed (and possibly `_extends`-merged) config value. Pass the YAML document
 * of the file the value came from to get line numbers.
 */
export function validateConfigValue(
  value: unknown,
  file: string,
  source?: { doc: Document; lineCounter: LineCounter },
): ConfigResult {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return {
      config: null,
      problems: [{ severity: "error", file, line: 1, message: "the file must be a YAML mapping of keys (mode, roles, assets, ...)" }],
    };
  }
  const parsed = configSchema.safeParse(value);
  if (parsed.success) return { config: parsed.data, problems: [] };
  return {
    config: null,
    problems: parsed.error.issues.map((issue) => ({
      severity: "error",
      file,
      key: issue.path.map(String).join(".") || undefined,
      ...(source ? locate(source.doc, source.lineCounter, issue.path) : {}),
      message: describeIssue(issue),
    })),
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_key") return issue.issues[0]?.message ?? issue.message;
  if (issue.code === "unrecognized_keys") {
    return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  }
  return issue.message;
}

/** Line and column of `key` (dotted, e.g. `roles.ds.approvals`) in a YAML text, or of its nearest parent. */
export function locateKey(text: string, key: string): { line?: number; column?: number } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return locate(doc, lineCounter, key.split("."));
}

/** The line of the deepest node on `path` that exists in the document. */
function locate(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]) {
  for (let depth = path.length; depth >= 0; depth--) {
    const keys = path.slice(0, depth);
    const node = keys.length === 0 ? doc.contents : doc.getIn(keys as unknown[], true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) {
      const pos = lineCounter.linePos(keyStart(doc, keys) ?? range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return {};
}

/** Points at the key of a mapping entry rather than at its value, which is where people look. */
function keyStart(doc: Document, keys: readonly PropertyKey[]): number | undefined {
  if (keys.length === 0) return undefined;
  const parent = keys.length === 1 ? doc.contents : doc.getIn(keys.slice(0, -1) as unknown[], true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(keys.at(-1)));
  const keyNode = pair?.key as { range?: [number, number, number] } | undefined;
  return keyNode?.range?.[0];
}

const firstLine = (message: string) => message.split("\n")[0] ?? message;
