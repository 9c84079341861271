import { lintSource } from "@secretlint/core";
import { creator as recommended } from "@secretlint/secretlint-rule-preset-recommend";
import { mask } from "./mask.js";
import type { SecretCandidates, SensitiveFinding } from "./scan.js";

const CONFIG = { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: recommended }] };

/**
 * Secrets in the added lines `scanPatches` found shaped like one, by secretlint's recommended
 * preset (cloud keys, private keys, tokens of GitHub, npm, Slack, OpenAI, Anthropic and others,
 * credentials in URLs and connection strings). Only those lines are handed to it: secretlint reads a
 * whole file with every rule, which over 50 MB of dataset would take most of a second of CPU.
 * Async because secretlint is; it reads nothing.
 */
export async function findSecrets(
  candidates: readonly SecretCandidates[],
  allow: readonly string[] = [],
): Promise<SensitiveFinding[]> {
  const allowed = allow.map((source) => new RegExp(source, "u"));
  const findings: SensitiveFinding[] = [];
  for (const file of candidates) {
    const content = file.lines.map((l) => l.text).join("\n");
    const result = await lintSource({
      source: { filePath: file.path, content, contentType: "text" },
      options: { config: CONFIG, maskSecrets: true },
    });
    for (const message of result.messages) {
      const value = content.slice(message.range[0], message.range[1]);
      if (allowed.some((pattern) => pattern.test(value))) continue;
      const line = file.lines[message.loc.start.line - 1]?.line ?? 0;
      findings.push({ path: file.path, line, kind: "secret", label: labelOf(message.message), masked: mask(value) });
    }
  }
  // Two windows of one line can hold the same secret.
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.path}\n${f.line}\n${f.label}\n${f.masked}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "found GitHub Token(****): ****" -> "GitHub Token": the rule's words, never the value. */
const labelOf = (message: string) =>
  message
    .replace(/^found\s+/i, "")
    .split(/[(:]/)[0]
    ?.trim()
    .slice(0, 80) || "secret";
