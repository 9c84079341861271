import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createMetrics } from "../../src/runtime/metrics.js";
import { settingsSchema } from "../../src/runtime/settings.js";

/** The README's deployment section is a contract too: its tables follow the code. */
const root = new URL("../../", import.meta.url).pathname;
const README = readFileSync(join(root, "README.md"), "utf8");
const deployment = README.split("\n## ").find((s) => s.startsWith("Deployment")) ?? "";
const subsection = (title: string) => deployment.split("\n### ").find((s) => s.startsWith(title)) ?? "";
const rows = (text: string) =>
  [...text.matchAll(/^\| (`[^|]+`) \| ([^|]*) \|/gm)].map((m) => ({
    names: [...(m[1] as string).matchAll(/`([^`]+)`/g)].map((n) => n[1] as string),
    second: (m[2] as string).trim(),
  }));
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith(".js") ? [join(dir, e.name)] : [],
  );
const probotSource = filesUnder(join(root, "node_modules/probot/lib"))
  .map((f) => readFileSync(f, "utf8"))
  .join("\n");

describe("README: deployment", () => {
  const table = rows(subsection("Environment variables"));
  const documented = table.flatMap((r) => r.names);

  it("lists every Squadgate setting with its default, and no other", () => {
    const defaults = settingsSchema.parse({}) as Record<string, unknown>;
    const ours = Object.keys(settingsSchema.shape).filter((key) => key.startsWith("SQUADGATE_"));
    expect(documented.filter((name) => name.startsWith("SQUADGATE_")).sort()).toEqual(ours.sort());
    for (const row of table.filter((r) => r.names[0]?.startsWith("SQUADGATE_") && defaults[r.names[0]] !== undefined)) {
      expect(row.second).toBe(`\`${String(defaults[row.names[0] as string])}\``);
    }
  });

  it("lists only variables Probot reads, besides Squadgate's", () => {
    const probots = documented.filter((name) => !name.startsWith("SQUADGATE_"));
    expect(probots.filter((name) => !probotSource.includes(name))).toEqual([]);
  });

  it("names every variable the entries read", () => {
    const sources = ["server.ts", "action.ts", "lambda.ts", "index.ts"]
      .map((f) => readFileSync(join(root, "src", f), "utf8"))
      .join("\n");
    const read = [...sources.matchAll(/(?:env\[|required\(env, )"([A-Z0-9_]+)"/g)].map((m) => m[1] as string);
    expect([...new Set(read)].filter((name) => !deployment.includes(`\`${name}\``))).toEqual([]);
  });

  it("lists every metric Squadgate registers, and no other", async () => {
    const registered = (await createMetrics().registry.getMetricsAsJSON())
      .map((m) => m.name)
      .filter((name) => !/^squadgate_(process|nodejs)_/.test(name));
    expect(
      rows(subsection("Metrics"))
        .flatMap((r) => r.names.slice(0, 1))
        .sort(),
    ).toEqual(registered.sort());
  });

  it("explains Probot's smee warnings as Probot prints them, with smee-client not installed", () => {
    for (const warning of [
      "SmeeClient is not available",
      "Run `npm install --save-dev smee-client` to proxy webhooks to localhost",
    ]) {
      expect(probotSource).toContain(warning);
      expect(subsection("Local development")).toContain(warning);
    }
    expect(probotSource).toContain("NO_SMEE_SETUP");
    expect(() => createRequire(join(root, "package.json")).resolve("smee-client")).toThrow();
    // GH_ORG registers under the organisation.
    expect(probotSource).toContain(["/organizations/$", "{process.env.GH_ORG}"].join(""));
  });

  it("points at files that exist", () => {
    for (const file of [
      "Dockerfile",
      "compose.yaml",
      "action.yml",
      "examples/squadgate-action.yml",
      "src/lambda.ts",
      "test/e2e/replicas.e2e.test.ts",
      "test/e2e/entries.e2e.test.ts",
      "test/e2e/container.e2e.test.ts",
      "test/integration/redelivery.test.ts",
    ]) {
      expect(deployment.includes(file.replace(/^src\/(.*)\.ts$/, "lib/$1.js")) || deployment.includes(file), file).toBe(
        true,
      );
      expect(existsSync(join(root, file)), file).toBe(true);
    }
  });
});
