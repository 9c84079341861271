import { Minimatch } from "minimatch";

/** Options every asset glob is matched with: dot-files count (`.prompts/`), case matters as on GitHub. */
const GLOB_OPTIONS = { dot: true, nonegate: true, nocomment: true } as const;

export type AssetKinds = Readonly<Record<string, readonly string[]>>;

/** Returns why a glob cannot be used, or undefined when it is fine. */
export function globProblem(glob: string): string | undefined {
  if (glob.startsWith("!")) return "negated globs are not supported: list only what counts as the asset";
  try {
    new Minimatch(glob, GLOB_OPTIONS);
    return undefined;
  } catch (error) {
    return `not a valid glob: ${(error as Error).message}`;
  }
}

export interface AssetClassifier {
  /** Asset kinds the path belongs to, in config order; `[]` for ordinary files. */
  kindsOf(path: string): string[];
}

export function compileAssetKinds(kinds: AssetKinds): AssetClassifier {
  const matchers = Object.entries(kinds)
    .filter(([, globs]) => globs.length > 0)
    .map(([kind, globs]) => ({ kind, globs: globs.map((glob) => new Minimatch(glob, GLOB_OPTIONS)) }));
  return {
    kindsOf: (path) => matchers.filter(({ globs }) => globs.some((glob) => glob.match(path))).map(({ kind }) => kind),
  };
}
