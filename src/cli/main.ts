import { createRequire } from "node:module";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { assetsCommand } from "./assets-command.js";
import { checkCommand, ownersCommand, validateCommand } from "./commands.js";
import { GitError } from "./git-reader.js";
import { initCommand } from "./init-command.js";
import { UsageError, type CommandResult } from "./output.js";
import { COMMANDS, USAGE, commandUsage, type CommandSpec } from "./usage.js";

/** What the CLI needs from its process; tests pass their own. */
export interface CliIo {
  /** The folder paths on the command line are relative to (default: the process's). */
  cwd?: string;
  /** All of standard input, for `owners --stdin`. */
  stdin?: () => Promise<string>;
}

export interface CliOutput {
  code: number;
  out: string;
  err: string;
}

/** Works from `src/cli` (tests) and `lib/cli` (built): the package root is two folders up either way. */
export const VERSION: string = createRequire(import.meta.url)("../../package.json").version;

export async function main(argv: string[], io: CliIo = {}): Promise<CliOutput> {
  const [command, ...rest] = argv;
  if (!command) return { code: 2, out: "", err: USAGE };
  if (command === "--version" || command === "-V") return { code: 0, out: `squadgate ${VERSION}`, err: "" };
  if (command === "help" || command === "--help" || command === "-h") {
    const spec = rest[0] ? COMMANDS[rest[0]] : undefined;
    return { code: 0, out: spec ? commandUsage(spec) : USAGE, err: "" };
  }
  const spec = COMMANDS[command];
  try {
    if (!spec) throw new UsageError(`unknown command "${command}"`);
    if (rest.includes("--help") || rest.includes("-h")) return { code: 0, out: commandUsage(spec), err: "" };
    const { result, format } = await run(command, spec, rest, io);
    return { code: result.exitCode, out: render(result, format), err: "" };
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      return {
        code: 2,
        out: "",
        err: `squadgate: ${(error as Error).message}\n\n${spec ? commandUsage(spec) : USAGE}`,
      };
    }
    if (error instanceof GitError) return { code: 2, out: "", err: `squadgate: ${error.message}` };
    throw error;
  }
}

async function run(
  command: string,
  spec: CommandSpec,
  args: string[],
  io: CliIo,
): Promise<{ result: CommandResult; format: Format }> {
  const { values: v, positionals } = parseArgs({
    args,
    options: spec.options,
    allowPositionals: spec.positionals ?? false,
    strict: true,
  });
  const values = v as Record<string, string | boolean | undefined>;
  const str = (name: string) => values[name] as string;
  const flag = (name: string) => values[name] === true;
  if (flag("worktree") && args.some((a) => a === "--ref" || a.startsWith("--ref=")))
    throw new UsageError("--ref and --worktree cannot be used together");
  const format = formatOf(values);
  return { result: await dispatch(command, { values, positionals, str, flag }, io), format };
}

interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  str(name: string): string;
  flag(name: string): boolean;
}

async function dispatch(
  command: string,
  { values, positionals, str, flag }: Parsed,
  io: CliIo,
): Promise<CommandResult> {
  const cwd = io.cwd ?? process.cwd();
  const common = { repo: resolve(cwd, str("repo")), worktree: flag("worktree"), all: flag("all") };
  switch (command) {
    case "init":
      return initCommand({ repo: common.repo, dryRun: flag("dry-run") });
    case "assets":
      return assetsCommand({ ...common, ref: str("ref") });
    case "check": {
      if (!values["base"]) throw new UsageError("check needs --base REF (the branch the pull request merges into)");
      return checkCommand({ ...common, base: str("base"), head: str("head"), exitCode: flag("exit-code") });
    }
    case "validate":
      return validateCommand({ ...common, ref: str("ref") });
    default: {
      const fromStdin = flag("stdin") && io.stdin ? lines(await io.stdin()) : [];
      const paths = [...positionals, ...fromStdin];
      if (paths.length === 0) throw new UsageError("owners needs at least one PATH (or --stdin)");
      return ownersCommand({ ...common, ref: str("ref"), paths, cwd });
    }
  }
}

type Format = "text" | "json" | "markdown";

/** `--json`, or `--format` where a command has it. */
function formatOf(values: Record<string, string | boolean | undefined>): Format {
  const format = values["format"] ?? "text";
  if (format !== "text" && format !== "json" && format !== "markdown")
    throw new UsageError(`--format must be text, json or markdown, not "${String(format)}"`);
  if (values["json"] === true && format === "markdown")
    throw new UsageError("--json and --format markdown cannot be used together");
  return values["json"] === true ? "json" : format;
}

function render(result: CommandResult, format: Format): string {
  if (format === "json") return JSON.stringify(result.json, null, 2);
  if (format === "markdown" && result.markdown !== undefined) return result.markdown;
  return result.text;
}

/** One path per line; a path may contain spaces, so lines are not trimmed, only their line endings. */
const lines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.replace(/\r$/, ""))
    .filter((line) => line.trim() !== "");

const isParseArgsError = (error: unknown) =>
  error instanceof TypeError && String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS");
