import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { CONFIG_FILE, DEFAULT_OWNERSHIP_FILE } from "../config/schema.js";
import { repoRoot, worktreeFiles } from "./git-reader.js";
import { draftPolicy, type InitDraft } from "./init-draft.js";
import { plural, type CommandResult } from "./output.js";

/** Where GitHub looks for CODEOWNERS, in its order. */
const CODEOWNERS_FILES = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

/** `squadgate init`: drafts the policy files from the working tree. Never overwrites a file. */
export async function initCommand(opts: { repo: string; dryRun: boolean }): Promise<CommandResult> {
  const root = await repoRoot(opts.repo);
  const read = (path: string) => readFile(join(root, path), "utf8").catch(() => null);
  if ((await read(CONFIG_FILE)) !== null) {
    const text = `${CONFIG_FILE} exists already, and init never overwrites it. Check it with: squadgate validate --worktree`;
    return { exitCode: 1, text, json: { written: [] } };
  }
  const [files, existingOwnership, ...codeowners] = await Promise.all([
    worktreeFiles(root),
    read(DEFAULT_OWNERSHIP_FILE),
    ...CODEOWNERS_FILES.map(read),
  ]);
  const found = CODEOWNERS_FILES.map((file, i) => ({ file, text: codeowners[i] })).find(
    (c): c is { file: string; text: string } => typeof c.text === "string",
  );
  const draft = draftPolicy({ files, codeowners: found ?? null, existingOwnership });
  const outputs: [string, string][] = [
    [CONFIG_FILE, draft.config],
    ...(draft.ownership !== null ? [[DEFAULT_OWNERSHIP_FILE, draft.ownership] as [string, string]] : []),
  ];
  if (opts.dryRun) {
    return {
      exitCode: 0,
      text: outputs.map(([file, text]) => `--- ${file} (not written: --dry-run)\n${text}`).join("\n"),
      json: { written: [] },
    };
  }
  await mkdir(join(root, dirname(CONFIG_FILE)), { recursive: true });
  // "wx" fails rather than replace a file that appeared since we looked.
  for (const [file, text] of outputs) await writeFile(join(root, file), text, { flag: "wx" });
  return {
    exitCode: 0,
    text: report(draft, files.length, found?.file ?? null),
    json: { written: outputs.map(([file]) => file) },
  };
}

function report(draft: InitDraft, files: number, codeowners: string | null): string {
  const kinds = Object.entries(draft.kinds).filter(([, count]) => count > 0);
  const placeholders = draft.roles.filter((r) => !r.fromCodeowners).map((r) => r.name);
  const lines = [
    `Wrote ${CONFIG_FILE} (${plural(draft.roles.length, "role")}: ${draft.roles.map((r) => r.name).join(", ")}; mode: report)` +
      (draft.ownership !== null
        ? ` and ${DEFAULT_OWNERSHIP_FILE} (${plural(draft.rules, "rule")}).`
        : `; kept the existing ${DEFAULT_OWNERSHIP_FILE}.`),
    kinds.length
      ? `Found ${plural(draft.assets, "AI asset")} in ${plural(files, "file")}: ${kinds.map(([kind, count]) => `${kind} ${count.toLocaleString("en-US")}`).join(", ")}.`
      : `Found no AI asset in ${plural(files, "file")} with the built-in kinds: add globs under assets: in ${CONFIG_FILE}.`,
  ];
  if (codeowners && placeholders.length < draft.roles.length)
    lines.push(`Role members come from ${codeowners}: the owners of those files today.`);
  if (placeholders.length)
    lines.push(`Placeholder members to replace: ${placeholders.join(", ")} (squadgate validate warns until they are).`);
  lines.push(
    "",
    "Next:",
    `  1. Edit the roles in ${CONFIG_FILE}, and the rules in ${DEFAULT_OWNERSHIP_FILE}.`,
    "  2. squadgate assets --worktree     lists every AI asset with its owners; add globs under assets: for any it misses",
    "  3. squadgate validate --worktree   until it reports no problems",
    "  4. Commit both files and merge them. From then on, every pull request that touches an AI asset gets the Squadgate check.",
    "  5. When the check says what the team expects, set mode: enforce and require the check in branch protection.",
  );
  return lines.join("\n");
}
