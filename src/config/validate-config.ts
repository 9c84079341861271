import { isMap, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import { closestKey, validKeysAt } from "./key-suggestions.js";
import { sortProblems, type Problem } from "./problems.js";
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
      problems: [
        {
          severity: "error",
          file,
          line: 1,
          message: "the file must be a YAML mapping of keys (mode, roles, assets, ...)",
        },
      ],
    };
  }
  const parsed = configSchema.safeParse(value);
  if (parsed.success) return { config: parsed.data, problems: [] };
  const problem = (path: readonly PropertyKey[], message: string): Problem => ({
    severity: "error",
    file,
    key: dotted(path) || undefined,
    ...(source ? locate(source.doc, source.lineCounter, path) : {}),
    message,
  });
  // Each unknown key is reported on its own line, with the key it most likely meant; that key is
  // then not also reported missing.
  const meant = new Set<string>();
  const unknown = parsed.error.issues.flatMap((issue) => {
    if (issue.code !== "unrecognized_keys") return [];
    return issue.keys.map((key) => {
      const guess = closestKey(key, validKeysAt(issue.path));
      if (guess) meant.add(dotted([...issue.path, guess]));
      return problem([...issue.path, key], `unknown key "${key}"${guess ? `; did you mean "${guess}"?` : ""}`);
    });
  });
  const others = parsed.error.issues
    .filter(
      (issue) =>
        issue.code !== "unrecognized_keys" &&
        !(meant.has(dotted(issue.path)) && valueAt(value, issue.path) === undefined),
    )
    .map((issue) =>
      problem(issue.path, issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.message),
    );
  return { config: null, problems: sortProblems([...others, ...unknown]) };
}

const dotted = (path: readonly PropertyKey[]) => path.map(String).join(".");

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let node = value;
  for (const step of path)
    node = node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[step] : undefined;
  return node;
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
