/** One entry of a recursive git tree listing. */
export interface TreeEntry {
  path: string;
  /** `blob` (a file), `tree` (a directory) or `commit` (a submodule). */
  type: string;
  sha: string;
}

/** Paths of files and submodules that differ between two trees: added, removed or changed. */
export function changedBetweenTrees(base: readonly TreeEntry[], head: readonly TreeEntry[]): string[] {
  const files = (entries: readonly TreeEntry[]) =>
    new Map(entries.filter((e) => e.type !== "tree").map((e) => [e.path, e.sha]));
  const before = files(base);
  const after = files(head);
  const changed = [...after].filter(([path, sha]) => before.get(path) !== sha).map(([path]) => path);
  const removed = [...before.keys()].filter((path) => !after.has(path));
  return [...changed, ...removed].sort();
}
