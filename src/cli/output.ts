import { formatProblem, sortProblems, type Problem } from "../config/problems.js";

export interface CommandResult {
  /** 0: fine; 1: the repository has problems to fix; 3: (`check --exit-code`) approvals still missing. */
  exitCode: 0 | 1 | 3;
  text: string;
  json: unknown;
  /** What the check run would say, for `check --format markdown`. */
  markdown?: string;
}

/** How many entries a long list shows in text output; `--json` (and `--all`) keep everything. */
export const LIST_LIMIT = 50;

/** The first `limit` lines, then one line saying how many were left out and how to see them. */
export function capped(lines: readonly string[], opts: { all: boolean; indent?: string; limit?: number }): string[] {
  const limit = opts.limit ?? LIST_LIMIT;
  if (opts.all || lines.length <= limit) return [...lines];
  return [
    ...lines.slice(0, limit),
    `${opts.indent ?? "  "}… and ${lines.length - limit} more (--all or --json lists every one)`,
  ];
}

/** `a, b, c and 4 more`. */
export function inline(items: readonly string[], limit = 5): string {
  if (items.length <= limit) return items.join(", ");
  return `${items.slice(0, limit).join(", ")} and ${items.length - limit} more`;
}

export const plural = (n: number, word: string, many = `${word}s`) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? word : many}`;

/** Problems by file and line, errors and warnings told apart at a glance. */
export const problemLines = (problems: readonly Problem[]) =>
  sortProblems(problems).map((p) => `${p.severity === "error" ? "error  " : "warning"} ${formatProblem(p)}`);

/** Columns padded to the widest cell (capped, so one long path does not push everything off screen). */
export function table(rows: readonly string[][], indent = "  ", maxWidth = 60): string[] {
  const widths: number[] = [];
  for (const row of rows)
    for (const [i, cell] of row.entries()) widths[i] = Math.min(maxWidth, Math.max(widths[i] ?? 0, cell.length));
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join("  ")
        .trimEnd(),
  );
}

/** The command line itself is wrong: exit 2 with the usage. */
export class UsageError extends Error {}
