import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { TRIGGERS } from "../../src/handlers/triggers.js";

const root = new URL("../../", import.meta.url);

describe("package surface", () => {
  // Spawns Node: on a loaded machine starting a process alone can take seconds, so no tight timeout.
  it("squadgate/core resolves for consumers (built lib) and exposes parseOwnership", { timeout: 60_000 }, async () => {
    const script = `
      import { parseOwnership } from "squadgate/core";
      const o = parseOwnership("/prompts/ @ds # owners\\n!x @y\\n");
      console.log(JSON.stringify({ owners: o.ownersOf("prompts/a.txt"), none: o.ownersOf("b"), errors: o.errors }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
      cwd: root,
    });
    expect(JSON.parse(stdout)).toEqual({
      owners: ["@ds"],
      none: [],
      errors: [{ line: 2, message: '"!x": negation with ! is not supported in CODEOWNERS' }],
    });
  });

  it("app.yml subscribes to exactly the events the trigger table reads", () => {
    const manifest = parse(readFileSync(new URL("app.yml", root), "utf8"));
    const handled = new Set(Object.keys(TRIGGERS).map((e) => e.split(".")[0]));
    expect([...manifest.default_events].sort()).toEqual([...handled].sort());
    expect(manifest.default_permissions).toEqual({
      checks: "write",
      pull_requests: "write",
      contents: "read",
      members: "read",
      actions: "write",
      merge_queues: "read",
      metadata: "read",
    });
  });
});
