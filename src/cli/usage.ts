import type { ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface CommandSpec {
  synopsis: string;
  about: string;
  options: Options;
  positionals?: boolean;
}

const repo = { repo: { type: "string", default: "." } } as const;
const ref = { ref: { type: "string", default: "HEAD" }, worktree: { type: "boolean", default: false } } as const;
const json = { json: { type: "boolean", default: false } } as const;
const all = { all: { type: "boolean", default: false } } as const;

export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  init: {
    synopsis: "squadgate init     [--repo DIR] [--dry-run]",
    about: `Drafts .github/squadgate.yml and .github/SQUADOWNERS from the files in the working tree and an
existing CODEOWNERS: roles to fill in, the asset kinds found, rules for the folders that hold them.
Never overwrites a file. --dry-run prints the drafts instead of writing them.`,
    options: { ...repo, "dry-run": { type: "boolean", default: false } },
  },
  assets: {
    synopsis: "squadgate assets   [--repo DIR] [--ref REF | --worktree] [--all] [--json]",
    about: `Every AI asset in the tree at --ref (default HEAD) or in the working tree, with its kinds, owners
and the rule that decides them; totals by kind and role; the unowned assets.`,
    options: { ...repo, ...ref, ...json, ...all },
  },
  check: {
    synopsis:
      "squadgate check    [--repo DIR] --base REF [--head REF] [--worktree] [--exit-code] [--format text|json|markdown] [--all]",
    about: `What a pull request from --head (default HEAD) into --base would need: the AI assets it touches,
the roles that must approve and why, and config errors. The policy is read from --base, or with
--worktree from the working tree. --exit-code exits 3 while approvals are missing. --format
markdown prints what the Squadgate check run would say.`,
    options: {
      ...repo,
      base: { type: "string" },
      head: { type: "string", default: "HEAD" },
      worktree: { type: "boolean", default: false },
      "exit-code": { type: "boolean", default: false },
      format: { type: "string", default: "text" },
      ...json,
      ...all,
    },
  },
  validate: {
    synopsis: "squadgate validate [--repo DIR] [--ref REF | --worktree] [--json]",
    about: `Checks .github/squadgate.yml and the ownership file at --ref (default HEAD) or in the working tree,
and warns about roles no rule uses, rules that match no file, and asset globs that match code.`,
    options: { ...repo, ...ref, ...json },
  },
  owners: {
    synopsis: "squadgate owners   [--repo DIR] [--ref REF | --worktree] [--stdin] [--json] PATH...",
    about: `Owners of each PATH, with the ownership rule that decides them and its asset kinds. Paths are
relative to the current folder when it is inside the repository. --stdin reads more paths, one per line.`,
    options: { ...repo, ...ref, ...json, stdin: { type: "boolean", default: false } },
    positionals: true,
  },
};

const EXIT_CODES =
  "Exit codes: 0 fine, 1 problems found, 2 usage or git error, 3 approvals missing (check --exit-code).";

export const USAGE = `Usage:
${Object.values(COMMANDS)
  .map((c) => `  ${c.synopsis}`)
  .join("\n")}
  squadgate --version

Run squadgate <command> --help for what each command does.
${EXIT_CODES}`;

export const commandUsage = (spec: CommandSpec) => `Usage: ${spec.synopsis}\n\n${spec.about}\n\n${EXIT_CODES}`;
