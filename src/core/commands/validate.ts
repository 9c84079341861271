import { MAX_ARGS, MAX_REST_LENGTH, type CommandName, type ParsedCommand } from "./parse.js";

export const COMMAND_HELP: Record<CommandName, { usage: string; summary: string }> = {
  help: { usage: "/help", summary: "this list, and what you may do here" },
  owners: {
    usage: "/owners",
    summary: "which role owns each changed AI file (and by which rule), who can approve, what is missing",
  },
  recheck: { usage: "/recheck", summary: "re-evaluate the gate now, re-reading team membership" },
  waive: {
    usage: "/waive <role|evals|checklist|agents> <reason>",
    summary: "waive a requirement, on the record, until a file it covers changes",
  },
  unwaive: { usage: "/unwaive <role|evals|checklist|agents>", summary: "take a waiver back" },
  eval: { usage: "/eval [suite ...]", summary: "run the eval workflow on this head commit and post the diff" },
  checklist: { usage: "/checklist", summary: "re-render the checklist section of the description" },
};

export type ValidCommand =
  | { name: "help" | "owners" | "recheck" | "checklist" }
  | { name: "waive"; target: string; reason: string }
  | { name: "unwaive"; target: string }
  | { name: "eval"; suites: string[] };

const TARGET = /^@?[A-Za-z][A-Za-z0-9_-]{0,38}$/;
const SUITE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const MIN_REASON_LENGTH = 10;

/** Checks a command's arguments; an error message always ends with the usage line. */
export function validateCommand(
  command: ParsedCommand,
): { ok: true; command: ValidCommand } | { ok: false; error: string } {
  const fail = (why: string) => ({
    ok: false as const,
    error: `${why}. Usage: \`${COMMAND_HELP[command.name].usage}\``,
  });
  const { name, args } = command;
  switch (name) {
    case "help":
    case "owners":
    case "recheck":
    case "checklist":
      return args.length === 0 ? { ok: true, command: { name } } : fail(`/${name} takes no arguments`);
    case "waive": {
      const [target, ...words] = args;
      if (!target || !TARGET.test(target)) return fail("say what to waive: a role name, evals, checklist or agents");
      const reason = command.rest.slice(target.length).trim();
      if (reason.length === 0) return fail("a waiver needs a reason");
      if (reason.length < MIN_REASON_LENGTH) return fail(`give a reason of at least ${MIN_REASON_LENGTH} characters`);
      if (command.rest.length > MAX_REST_LENGTH || words.length > 100)
        return fail(`keep the reason under ${MAX_REST_LENGTH} characters`);
      return { ok: true, command: { name, target: normaliseTarget(target), reason } };
    }
    case "unwaive": {
      const [target, ...extra] = args;
      if (!target || !TARGET.test(target) || extra.length > 0) return fail("say which waiver to take back");
      return { ok: true, command: { name, target: normaliseTarget(target) } };
    }
    case "eval": {
      if (args.length > MAX_ARGS) return fail(`at most ${MAX_ARGS} suites`);
      const bad = args.find((suite) => !SUITE.test(suite));
      if (bad !== undefined) return fail(`"${bad.slice(0, 64)}" is not a suite name (letters, digits, . _ -)`);
      return { ok: true, command: { name, suites: [...new Set(args)] } };
    }
  }
}

/** `@legal` and `legal` name the same target. */
const normaliseTarget = (target: string) => target.replace(/^@/, "");
