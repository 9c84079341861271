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
    .map(([kind, globs]) => ({ kind, globs: globs.map(compileGlob) }));
  return {
    kindsOf: (path) => {
      const extension = path.slice(path.lastIndexOf(".") + 1);
      return matchers.filter(({ globs }) => globs.some((glob) => glob(path, extension))).map(({ kind }) => kind);
    },
  };
}

/**
 * A glob as a test. Most globs end in fixed extensions (`*.{yaml,json}`); a path with any other
 * extension is turned away with a set lookup before minimatch parses it, which keeps classifying a
 * large pull request cheap however many globs there are. The answer is minimatch's either way.
 */
function compileGlob(glob: string): (path: string, extension: string) => boolean {
  const matcher = new Minimatch(glob, GLOB_OPTIONS);
  const extensions = fixedExtensions(glob);
  return extensions
    ? (path, extension) => extensions.has(extension) && matcher.match(path)
    : (path) => matcher.match(path);
}

/** The extensions every match of `glob` ends in, when its last segment ends in `.ext` or `.{a,b}` of plain words. */
function fixedExtensions(glob: string): Set<string> | undefined {
  const tail = glob.slice(glob.lastIndexOf("/") + 1);
  // A "/" inside braces or parentheses would make `tail` not the last segment: leave such globs to minimatch alone.
  if (unbalanced(tail)) return undefined;
  const match = /\.(?:([\w-]+)|\{([\w-]+(?:,[\w-]+)*)\})$/.exec(tail);
  return match ? new Set((match[1] ?? match[2] ?? "").split(",")) : undefined;
}

const unbalanced = (text: string) =>
  text.split("{").length !== text.split("}").length || text.split("(").length !== text.split(")").length;
