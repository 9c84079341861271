import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatProblem } from "../../src/config/problems.js";
import { configJsonSchema } from "../../src/config/json-schema.js";
import { DEFAULT_ASSET_GLOBS } from "../../src/config/default-assets.js";
import { locateKey, parseConfigText } from "../../src/config/validate-config.js";

const FILE = ".github/squadgate.yml";
const problemsOf = (yaml: string) => parseConfigText(yaml, FILE).problems.map(formatProblem);

describe("parseConfigText", () => {
  it("fills defaults for an empty file", () => {
    const { config } = parseConfigText("", FILE);
    expect(config).toMatchObject({
      mode: "enforce",
      roles: {},
      ownership: { file: ".github/SQUADOWNERS", allow_users: false, unowned: "warn" },
      approvals: { stale: "on_owned_change" },
      drafts: "check",
    });
    expect(config?.assets).toEqual(DEFAULT_ASSET_GLOBS);
  });

  it("normalises members to users and teams", () => {
    const { config } = parseConfigText("roles:\n  ds:\n    members: ['@dana', acme/ds, '@acme/ml-eng']\n", FILE);
    expect(config?.roles["ds"]).toEqual({
      members: [
        { kind: "user", login: "dana" },
        { kind: "team", org: "acme", slug: "ds" },
        { kind: "team", org: "acme", slug: "ml-eng" },
      ],
      approvals: 1,
    });
  });

  it("merges asset kinds over the built-in ones; an empty list switches a kind off", () => {
    const { config } = parseConfigText("assets:\n  dataset: []\n  rag-index: ['indexes/**']\n", FILE);
    expect(config?.assets["dataset"]).toEqual([]);
    expect(config?.assets["rag-index"]).toEqual(["indexes/**"]);
    expect(config?.assets["prompt"]).toEqual(DEFAULT_ASSET_GLOBS["prompt"]);
  });

  it.each([
    ["mode: strict", [`${FILE}:1:1: mode: Invalid option: expected one of "enforce"|"report"`]],
    ["roles:\n  ds:\n    members: []\n", [`${FILE}:3:5: roles.ds.members: a role needs at least one member`]],
    [
      "roles:\n  ds:\n    members: [dana]\n    approvals: 0\n",
      [`${FILE}:4:5: roles.ds.approvals: Too small: expected number to be >=1`],
    ],
    [
      "roles:\n  ds:\n    member: [dana]\n",
      [`${FILE}:3:5: roles.ds.member: unknown key "member"; did you mean "members"?`],
    ],
    [
      "roles:\n  ds:\n    members: 3\n    membres: [dana]\n",
      [
        `${FILE}:3:5: roles.ds.members: Invalid input: expected array, received number`,
        `${FILE}:4:5: roles.ds.membres: unknown key "membres"; did you mean "members"?`,
      ],
    ],
    [
      "rolse:\n  ds: {members: [dana]}\nownership:\n  allow_user: true\n",
      [
        `${FILE}:1:1: rolse: unknown key "rolse"; did you mean "roles"?`,
        `${FILE}:4:3: ownership.allow_user: unknown key "allow_user"; did you mean "allow_users"?`,
      ],
    ],
    [
      "roles:\n  ds:\n    members: ['not a user!']\n",
      [`${FILE}:3:15: roles.ds.members.0: "not a user!" is not a GitHub user ("alice") or team ("acme/ml-eng")`],
    ],
    ["roles:\n  'd s':\n    members: [dana]\n", [`${FILE}:2:3: roles.d s: role names are letters, digits, _ and -`]],
    [
      "assets:\n  prompt: ['/prompts/**']\n",
      [`${FILE}:2:12: assets.prompt.0: globs are relative to the repository root: drop the leading /`],
    ],
    [
      "assets:\n  prompt: ['!prompts/**']\n",
      [`${FILE}:2:12: assets.prompt.0: negated globs are not supported: list only what counts as the asset`],
    ],
    [
      "approvals:\n  stale: sometimes\n",
      [`${FILE}:2:3: approvals.stale: Invalid option: expected one of "never"|"on_push"|"on_owned_change"`],
    ],
    ["colour: blue", [`${FILE}:1:1: colour: unknown key "colour"`]],
    ["roles: [ds", [`${FILE}:1:11: Flow sequence in block collection must be sufficiently indented and end with a ]`]],
    ["mode: enforce\nmode: report\n", [`${FILE}:2:1: Map keys must be unique`]],
    ["- just\n- a list\n", [`${FILE}:1: the file must be a YAML mapping of keys (mode, roles, assets, ...)`]],
  ])("reports %j with file, line and key", (yaml, expected) => {
    expect(problemsOf(yaml)).toEqual(expected);
  });

  it("warns that _extends is not followed offline", () => {
    const result = parseConfigText("_extends: acme/.github\nmode: report\n", FILE);
    expect(result.config?.mode).toBe("report");
    expect(result.problems.map(formatProblem)).toEqual([
      `${FILE}:1:1: _extends: _extends is resolved only by the GitHub App; this file was checked on its own`,
    ]);
  });

  it("refuses alias bombs", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      ),
    ].join("\n");
    const result = parseConfigText(bomb, FILE);
    expect(result.config).toBeNull();
    expect(result.problems[0]?.message).toMatch(/alias/i);
  });
});

describe("locateKey", () => {
  it("points at the key, or its nearest existing parent", () => {
    const text = "roles:\n  ds:\n    members: [a]\n";
    expect(locateKey(text, "roles.ds.members")).toEqual({ line: 3, column: 5 });
    expect(locateKey(text, "roles.ds.approvals")).toEqual({ line: 2, column: 3 });
  });
});

describe("JSON Schema", () => {
  it("matches the committed file (run `npm run schema` after changing the zod schema)", () => {
    const committed = JSON.parse(
      readFileSync(new URL("../../src/config/squadgate.schema.json", import.meta.url), "utf8"),
    );
    expect(committed).toEqual(configJsonSchema());
  });
});
