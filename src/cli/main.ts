import { parseArgs } from "node:util";
import { checkCommand, ownersCommand, validateCommand, type CommandResult } from "./commands.js";
import { GitError } from "./git-reader.js";

const USAGE = `Usage:
  squadgate check    [--repo DIR] --base REF [--head REF] [--json]
  squadgate validate [--repo DIR] [--ref REF] [--json]
  squadgate owners   [--repo DIR] [--ref REF] [--json] PATH...

  check     AI assets a pull request from --head (default HEAD) into --base touches,
            the roles that must approve and why, and config errors.
  validate  Checks .github/squadgate.yml and the ownership file at --ref (default HEAD).
  owners    Owners of each PATH at --ref, with the ownership rule that decides them.

Exit codes: 0 fine, 1 problems found, 2 usage or git error.`;

class UsageError extends Error {}

export async function main(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") return { code: command ? 0 : 2, out: command ? USAGE : "", err: command ? "" : USAGE };
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: command === "owners",
      options: {
        repo: { type: "string", default: "." },
        base: { type: "string" },
        head: { type: "string", default: "HEAD" },
        ref: { type: "string", default: "HEAD" },
        json: { type: "boolean", default: false },
      },
    });
    let result: CommandResult;
    if (command === "check") {
      if (!values.base) throw new UsageError("check needs --base REF (the branch the pull request merges into)");
      result = await checkCommand({ repo: values.repo, base: values.base, head: values.head });
    } else if (command === "validate") {
      result = await validateCommand({ repo: values.repo, ref: values.ref });
    } else if (command === "owners") {
      if (positionals.length === 0) throw new UsageError("owners needs at least one PATH");
      result = await ownersCommand({ repo: values.repo, ref: values.ref, paths: positionals });
    } else {
      throw new UsageError(`unknown command "${command}"`);
    }
    return { code: result.exitCode, out: values.json ? JSON.stringify(result.json, null, 2) : result.text, err: "" };
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) return { code: 2, out: "", err: `squadgate: ${(error as Error).message}\n\n${USAGE}` };
    if (error instanceof GitError) return { code: 2, out: "", err: `squadgate: ${error.message}` };
    throw error;
  }
}

const isParseArgsError = (error: unknown) =>
  error instanceof TypeError && String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS");
