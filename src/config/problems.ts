/**
 * A problem a user can fix in one of their files. Every front (check run, CLI, comment) renders these
 * the same way, so a message always names the file and, where known, the line and the key.
 */
export interface Problem {
  severity: "error" | "warning";
  file: string;
  message: string;
  line?: number;
  column?: number;
  /** Dotted key in a YAML file, e.g. `roles.ds.approvals`. */
  key?: string;
  /**
   * A line GitHub ignores too (bad CODEOWNERS syntax). Already on the base branch it is a warning,
   * so one typo does not block every pull request, including the one that fixes it; where it is
   * being introduced (a pull request's head, `squadgate validate`) it is an error.
   */
  ignoredByGitHub?: true;
  /**
   * A path this problem is about (a policy file no rule owns): a pull request's check shows it
   * only when the pull request changes that path; `squadgate validate` always does.
   */
  concerns?: string;
  /** Found at a pull request's head, not on its base: the pull request introduces it. */
  introduced?: true;
}

/** The `file` of a problem with the pull request itself rather than one of its files. */
export const PULL_REQUEST = "pull request";

/** The problems of a policy being introduced: lines GitHub would ignore are errors here. */
export const strictProblems = (problems: readonly Problem[]): Problem[] =>
  problems.map((p) => (p.ignoredByGitHub ? { ...p, severity: "error" } : p));

export function formatProblem(problem: Problem): string {
  const where = [problem.file, problem.line, problem.line !== undefined ? problem.column : undefined]
    .filter((part) => part !== undefined)
    .join(":");
  const key = problem.key ? ` ${problem.key}:` : "";
  return `${where}:${key} ${problem.introduced ? "in this pull request: " : ""}${problem.message}`;
}

export const hasErrors = (problems: readonly Problem[]): boolean => problems.some((p) => p.severity === "error");

/** Problems in reading order: by file, then line and column; a problem about a whole file comes first. */
export const sortProblems = (problems: readonly Problem[]): Problem[] =>
  [...problems].sort(
    (a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
