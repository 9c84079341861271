import { rules } from "@secretlint/secretlint-rule-preset-recommend";
import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../src/config/validate-config.js";
import { compileAssetKinds } from "../../src/core/assets/classify.js";
import type { ChangedFile } from "../../src/core/gate/types.js";
import { mask } from "../../src/core/policies/sensitive-data/mask.js";
import { addedText } from "../../src/core/policies/sensitive-data/patch.js";
import { scanPatches } from "../../src/core/policies/sensitive-data/scan.js";
import { MARKERS_BY_RULE } from "../../src/core/policies/sensitive-data/secret-markers.js";
import { findSecrets } from "../../src/core/policies/sensitive-data/secrets.js";
import { addedPatch, dni, fakeGitHubToken, iban, nir, withLuhn, withVerhoeff } from "../helpers/synthetic-pii.js";

function policy(extra = "") {
  const parsed = parseConfigText(
    `roles:\n  privacy:\n    members: [pia]\nsensitive_data:\n  role: privacy\n${extra}`,
    ".github/squadgate.yml",
  );
  if (!parsed.config?.sensitive_data) throw new Error(JSON.stringify(parsed.problems));
  return { config: parsed.config.sensitive_data, classifier: compileAssetKinds(parsed.config.assets) };
}

const scan = (files: ChangedFile[], extra = "") => {
  const { config, classifier } = policy(extra);
  return scanPatches(config, classifier, files);
};
const dataset = (lines: string[], path = "datasets/support/train.jsonl"): ChangedFile => ({
  path,
  status: "added",
  patch: addedPatch(lines),
  additions: lines.length,
});
const kindsFound = (lines: string[]) => scan([dataset(lines)]).findings.map((f) => [f.kind, f.label]);

describe("the added lines of a patch", () => {
  it("are numbered as in the file at the head, across hunks, and only added lines count", () => {
    const patch =
      "@@ -3,3 +3,4 @@ header\n kept\n-gone\n+new three\n+new four\n kept\n@@ -20,2 +21,2 @@\n-old\n+new twenty-one\n\\ No newline at end of file";
    const added = addedText(patch);
    expect(added.lines).toEqual([4, 5, 21]);
    expect(added.text).toBe("new three\nnew four\nnew twenty-one");
  });
});

describe("personal data", () => {
  const card = withLuhn("411111111111111".replace(/1/g, "7").replace(/^7/, "4"));
  const bad = `${card.slice(0, -1)}${(Number(card.at(-1)) + 1) % 10}`;

  it.each([
    ["email", `{"text": "write to dana.rossi@${"mail"}box.eu please"}`],
    ["phone", "call +44 20 7946 0321 after six"],
    ["phone", "US office (415) 555-0134"],
    ["payment-card", `card ${card}`],
    ["payment-card", `card ${card.replace(/(\d{4})(?=\d)/g, "$1 ")}`],
    ["national-id", "ssn 123-45-6789 on file"],
    ["national-id", "NINO AB 12 34 56 C"],
    ["national-id", `DNI ${dni("12345678")}`],
    ["national-id", `NIR ${nir("2850578006084")}`],
    ["national-id", `Aadhaar ${withVerhoeff("23456789012").replace(/(\d{4})(\d{4})(\d{4})/, "$1 $2 $3")}`],
    ["iban", `IBAN ${iban("DE", "370400440532013000")}`],
    ["iban", `IBAN ${iban("GB", "NWBK60161331926819")}`],
    ["ip-address", "from 81.2.69.160 at 10:00"],
  ])("%s: %s", (kind, line) => {
    expect(kindsFound([line]).map(([k]) => k)).toContain(kind);
  });

  it.each([
    ["a card number with a wrong check digit", `card ${bad}`],
    ["an IBAN with wrong check digits", `IBAN ${iban("DE", "370400440532013000").replace(/^DE\d\d/, "DE00")}`],
    ["a DNI with the wrong letter", `DNI 12345678A`],
    ["a millisecond timestamp and a date", "at 1767225600000, that is 2026-01-01 00:00"],
    ["private, loopback and documentation addresses", "hosts 10.0.0.1 192.168.1.20 127.0.0.1 192.0.2.44"],
    ["a version number", "upgraded to v1.2.3"],
    ["an address at a domain reserved for examples", "mail user@example.com"],
    ["an SSN that cannot be one (area 000)", "000-12-3456"],
  ])("no finding for %s", (_name, line) => {
    expect(kindsFound([line])).toEqual([]);
  });

  it("findings carry the file and the line, and never the value", () => {
    const value = `dana.rossi@mail${"box"}.eu`;
    const result = scan([dataset(["nothing here", `{"from": "${value}"}`])]);
    expect(result.findings).toEqual([
      { path: "datasets/support/train.jsonl", line: 2, kind: "email", label: "email address", masked: mask(value) },
    ]);
    expect(JSON.stringify(result)).not.toContain(value);
    expect(mask(value)).toBe(`da…eu (${value.length} characters)`);
    expect(mask("81.2.69.160")).toBe("8…0 (11 characters)");
  });

  it("allow patterns and the detected kinds are the repository's to choose", () => {
    const lines = ["mail qa@acme-test.io", "ip 81.2.69.160"];
    expect(scan([dataset(lines)], '  allow: ["@acme-test\\\\.io$"]\n').findings.map((f) => f.kind)).toEqual([
      "ip-address",
    ]);
    expect(scan([dataset(lines)], "  detect: [email]\n").findings.map((f) => f.kind)).toEqual(["email"]);
  });

  it("only files of the scanned kinds; files without a diff are named, not passed as clean (a pure rename adds nothing)", () => {
    const result = scan([
      { path: "src/app.ts", status: "modified", patch: addedPatch(["// mail dana.rossi@mailbox.eu"]) },
      { path: "datasets/images/train.parquet", status: "added", additions: 0 },
      { path: "datasets/moved.jsonl", previousPath: "datasets/old.jsonl", status: "renamed", additions: 0 },
      { path: "datasets/big.csv", status: "modified", additions: 90000 },
      { path: "datasets/late.jsonl", status: "changed" },
    ]);
    expect(result.findings).toEqual([]);
    expect(result.unscanned).toEqual([
      {
        path: "datasets/images/train.parquet",
        reason: "no diff to scan (a binary file, or a diff too large for GitHub to show)",
      },
      { path: "datasets/big.csv", reason: "no diff to scan (a binary file, or a diff too large for GitHub to show)" },
      { path: "datasets/late.jsonl", reason: "past the 3,000 files GitHub lists, so GitHub gives no diff for it" },
    ]);
  });

  it("stops at max_mb of added text and says which files it left", () => {
    const big = Array.from({ length: 12_000 }, (_, i) => `{"id": ${i}, "text": "${"lorem ipsum ".repeat(8)}"}`);
    const result = scan([dataset(big, "datasets/a.jsonl"), dataset(big, "datasets/b.jsonl")], "  max_mb: 1.5\n");
    expect(result.scanned.files).toBe(1);
    expect(result.unscanned).toEqual([
      { path: "datasets/b.jsonl", reason: "past the 1.5 MB scanned per pull request" },
    ]);
  });
});

describe("secrets", () => {
  it("the marker table names every rule of the installed secretlint preset", () => {
    expect(Object.keys(MARKERS_BY_RULE).sort()).toEqual(rules.map((rule) => rule.meta.id).sort());
  });

  it("secretlint finds secrets on the marked lines, with their line, masked", async () => {
    const token = fakeGitHubToken();
    const url = `postgres://admin:${"Tr0ub4dor"}x@db.internal:5432/app`;
    const lines = ["plain text", `{"note": "use ${token} here"}`, "more text", `{"dsn": "${url}"}`];
    const result = scan([dataset(lines)]);
    expect(result.candidates).toEqual([
      {
        path: "datasets/support/train.jsonl",
        lines: [expect.objectContaining({ line: 2 }), expect.objectContaining({ line: 4 })],
      },
    ]);
    const secrets = await findSecrets(result.candidates);
    expect(secrets.map((s) => [s.line, s.kind, s.label])).toEqual([
      [2, "secret", "GitHub Token"],
      [4, "secret", "PostgreSQL connection string"],
    ]);
    expect(JSON.stringify(secrets)).not.toContain(token);
    expect(await findSecrets(result.candidates, ["^ghp_"])).toHaveLength(1);
  });

  it("a huge line hands secretlint only the text around the marker", () => {
    const line = `${"a".repeat(2_000_000)} key ${fakeGitHubToken()} ${"b".repeat(2_000_000)}`;
    const [candidate] = scan([dataset([line])]).candidates;
    expect(candidate?.lines[0]?.text.length).toBeLessThan(2000);
  });
});
