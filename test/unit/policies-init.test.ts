import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AGENTS_EXAMPLE } from "../../src/config/agents-schema.js";
import { PROVIDERS_EXAMPLE } from "../../src/config/providers-schema.js";
import { parseConfigText } from "../../src/config/validate-config.js";
import { renderConfig } from "../../src/cli/init-render.js";

/** The commented policy examples `squadgate init` writes: present, and valid once uncommented. */
const uncommented = (example: readonly string[]) => {
  const start = example.findIndex((line) => /^# [a-z_]+:$/.test(line));
  return example
    .slice(start)
    .map((line) => line.replace(/^# /, ""))
    .join("\n");
};

describe("squadgate init's policy examples", () => {
  it("are in the drafted config, commented out, so the policies stay off", () => {
    const config = renderConfig({
      kinds: { prompt: 1 },
      roles: [{ name: "ds", description: "Data science", members: ["acme/ds"], fromCodeowners: false, more: 0 }],
      codeowners: null,
    });
    expect(config).toContain(`\n${AGENTS_EXAMPLE.join("\n")}\n`);
    expect(config).toContain(`\n${PROVIDERS_EXAMPLE.join("\n")}\n`);
    const parsed = parseConfigText(config, ".github/squadgate.yml");
    expect(parsed.problems).toEqual([]);
    expect(parsed.config?.agents).toBeUndefined();
    expect(parsed.config?.providers).toBeUndefined();
  });

  it("validate once uncommented, with the roles they name declared", () => {
    const roles = "roles:\n  ds:\n    members: [dana]\n  legal:\n    members: [lee]\n";
    const yaml = `${roles}${uncommented(AGENTS_EXAMPLE)}\n${uncommented(PROVIDERS_EXAMPLE)}\n`;
    const parsed = parseConfigText(yaml, ".github/squadgate.yml");
    expect(parsed.problems).toEqual([]);
    expect(parsed.config?.agents).toMatchObject({ approvals: 2, known: [{ name: "Acme Coder" }] });
    expect(parsed.config?.providers).toMatchObject({ roles: ["legal"], approved: ["azure"] });
  });
});

describe("the README's policy examples", () => {
  const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const section = (title: string) => README.split("\n## ").find((s) => s.startsWith(title)) ?? "";
  it.each(["Pull requests written by AI agents", "Third-party model providers"])(
    "%s: its config validates",
    (title) => {
      const yaml = section(title).match(/```yaml\n([\s\S]*?)```/)?.[1] ?? "";
      expect(yaml).not.toBe("");
      const roles = "roles:\n  ds:\n    members: [dana]\n  legal:\n    members: [lee]\n";
      const parsed = parseConfigText(`${roles}${yaml}`, ".github/squadgate.yml");
      expect(parsed.problems).toEqual([]);
    },
  );
});
