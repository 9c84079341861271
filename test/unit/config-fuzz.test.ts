import fc from "fast-check";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { formatProblem } from "../../src/config/problems.js";
import { parseConfigText } from "../../src/config/validate-config.js";
import { buildPolicy } from "../../src/core/policy.js";
import { parseOwnership } from "../../src/core/ownership/parse.js";

/**
 * Whatever a user commits as squadgate.yml or an ownership file, Squadgate answers with a config or
 * with readable problems naming the file: it never throws.
 */
const FILE = ".github/squadgate.yml";

/** Values shaped like a config, with plausible keys and wrong types mixed in. */
const configish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom<unknown>(
      null,
      true,
      0,
      -1,
      1.5,
      "",
      "enforce",
      "@ds",
      "acme/ds",
      "**/prompts/**",
      "!x",
      "/abs",
      "[",
      "NaN",
    ),
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.constantFrom(
        "mode",
        "roles",
        "assets",
        "ownership",
        "approvals",
        "checklists",
        "evals",
        "waivers",
        "drafts",
        "members",
        "approvals",
        "file",
        "items",
        "metrics",
        "ds",
        "prompt",
        "__proto__",
        "x",
      ),
      tie("value"),
      { maxKeys: 5 },
    ),
  ),
})).value;

const readable = (problems: ReturnType<typeof parseConfigText>["problems"]) =>
  problems.every((p) => p.file === FILE && p.message.trim().length > 0 && formatProblem(p).startsWith(FILE));

describe("config fuzzing", () => {
  it("arbitrary YAML text: a config, or problems that name the file", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const result = parseConfigText(text, FILE);
        expect(result.config !== null || (result.problems.length > 0 && readable(result.problems))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("config-shaped values: a config, or problems that name the file and usually the key", () => {
    fc.assert(
      fc.property(configish, (value) => {
        const text = stringify(value);
        const result = parseConfigText(text, FILE);
        if (result.config === null) expect(readable(result.problems)).toBe(true);
        else expect(() => buildPolicy({ config: result.config!, ownershipText: "* @ds\n" })).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it("arbitrary ownership files never throw; every error has a line in the file", () => {
    const line = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom("*", "/a/ @x", "!neg @x", "[ab] @x", "a\\ b @x", "# c", "/ @x", "**/x @a/b", "x @", "*.js e@x.y"),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const ownership = parseOwnership(lines.join("\n"));
        for (const error of ownership.errors) expect(error.line).toBeGreaterThanOrEqual(1);
        expect(() => ownership.ownersOf("a/b/c.js")).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});
