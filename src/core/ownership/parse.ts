import { compilePattern } from "./pattern.js";
import { RuleIndex } from "./rule-index.js";

export interface OwnershipRule {
  /** 1-based line in the file. */
  line: number;
  pattern: string;
  /** Owners as written: `@ds`, `@octocat`, `@acme/ml-eng`, `docs@example.com`. Empty: unowned. */
  owners: readonly string[];
}

export interface OwnershipError {
  line: number;
  message: string;
  /** The whole file is unusable, not one line. */
  wholeFile?: true;
}

export interface Ownership {
  readonly rules: readonly OwnershipRule[];
  /** Lines GitHub would skip; they are skipped here too. */
  readonly errors: readonly OwnershipError[];
  /** Owners of the last rule matching `path` (as written), or `[]` when no rule owns it. */
  ownersOf(path: string): string[];
  /** The last matching rule, which decides `path`'s owners (possibly an owner-less rule). */
  ruleFor(path: string): OwnershipRule | undefined;
}

/** GitHub does not load a CODEOWNERS file of 3 MB or more. */
export const MAX_OWNERSHIP_BYTES = 3 * 1024 * 1024;

const HANDLE = /^@[A-Za-z0-9][A-Za-z0-9_-]*$/;
const TEAM = /^@[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export const isValidOwner = (owner: string) => HANDLE.test(owner) || TEAM.test(owner) || EMAIL.test(owner);

/** Parses a file in CODEOWNERS syntax. Never throws: bad lines are reported and skipped. */
export function parseOwnership(text: string): Ownership {
  if (Buffer.byteLength(text, "utf8") >= MAX_OWNERSHIP_BYTES) {
    return buildOwnership(
      [],
      [{ line: 1, message: "the file is 3 MB or larger; GitHub does not load such a file", wholeFile: true }],
      [],
    );
  }
  const rules: OwnershipRule[] = [];
  const errors: OwnershipError[] = [];
  const compiled = [];
  // Editors on Windows may save a byte-order mark; left in, it would glue itself to the first pattern.
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const tokens = tokenize(lines[i] ?? "");
    if (tokens.length === 0) continue;
    const [pattern, ...owners] = tokens as [string, ...string[]];
    const badOwner = owners.find((owner) => !isValidOwner(owner));
    if (badOwner !== undefined) {
      errors.push({ line, message: `"${badOwner}" is not an owner: use @role, @user, @org/team or an email address` });
      continue;
    }
    const result = compilePattern(pattern);
    if (!result.ok) {
      errors.push({ line, message: result.message });
      continue;
    }
    rules.push({ line, pattern, owners });
    compiled.push(result.pattern);
  }
  return buildOwnership(rules, errors, compiled);
}

function buildOwnership(
  rules: OwnershipRule[],
  errors: OwnershipError[],
  compiled: Parameters<typeof RuleIndex.build>[0],
): Ownership {
  const index = RuleIndex.build(compiled);
  const ruleFor = (path: string) => {
    const i = index.lastMatch(path);
    return i < 0 ? undefined : rules[i];
  };
  return {
    rules,
    errors,
    ruleFor,
    ownersOf: (path) => [...(ruleFor(path)?.owners ?? [])],
  };
}

/**
 * Splits a line into pattern and owners. A `#` starting a token begins a comment (a whole-line
 * comment when it is the first); `\ ` keeps a space inside a pattern.
 */
function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let current = "";
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === "\\" && i + 1 < line.length) {
      current += ch + line[++i];
    } else if (ch === " " || ch === "\t") {
      if (current) tokens.push(current);
      current = "";
    } else if (ch === "#" && current === "") {
      break;
    } else {
      current += ch;
    }
  }
  if (current) tokens.push(current);
  return tokens;
}
