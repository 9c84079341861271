import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
const importsOf = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(/\bfrom "([^"]+)"/g)].map((m) => m[1] ?? "");

describe("the layers", () => {
  it("keep the core pure: it imports nothing from the shell, the handlers, the runtime, Probot or Octokit", () => {
    const leaks = files(join(SRC, "core")).flatMap((file) =>
      importsOf(file)
        .filter((spec) => /(^|\/)(github|handlers|runtime|cli)\//.test(spec) || /^(probot|@octokit\/)/.test(spec))
        .map((spec) => `${relative(SRC, file)} imports ${spec}`),
    );
    expect(leaks).toEqual([]);
  });

  it("read webhook payloads only through the trigger table (and the delivery's installation id)", () => {
    const readers = files(SRC)
      .filter((file) => /context\.payload/.test(readFileSync(file, "utf8")))
      .map((file) => relative(SRC, file));
    expect(readers.sort()).toEqual(["handlers/gate.ts", "handlers/register.ts"]);
  });
});
