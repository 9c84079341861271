/**
 * Drafts ownership rules for `squadgate init`: few, readable rules that give every AI asset the
 * roles its kinds call for. Rules name the folders that hold assets; where one folder mixes assets
 * for different roles, a file-type rule (`/flows/**\/*.jinja2`) placed after the folder rules
 * settles it, because the last matching rule wins. Only assets matter: a folder rule that also
 * covers code costs nothing, since code never requires a role.
 */

export interface DraftItem {
  path: string;
  /** The owners this asset should get, e.g. `@ds @mle`. */
  owners: string;
}

export interface DraftRule {
  pattern: string;
  owners: string;
}

interface Node {
  /** Repository path of the folder; "" for the top. */
  path: string;
  children: Map<string, Node>;
  files: DraftItem[];
  /** Named like an asset folder (`prompts`) and free of code: the rule names it rather than its subfolders. */
  assetFolder: boolean;
}

/** Folder names that say what they hold (see the built-in asset kinds). */
const ASSET_FOLDERS = new Set([
  "prompt",
  "prompts",
  "data",
  "datasets",
  "eval",
  "evals",
  "evaluation",
  "evaluations",
  "models",
  "fine-tune",
  "fine-tuning",
  "finetune",
  "finetuning",
]);

/** Above this many rules for one folder's subfolders, one rule for the folder reads better. */
const MAX_SUBFOLDER_RULES = 4;

/**
 * `codeFolders`: folders with source code at or below them. A folder named like an asset folder
 * gets one rule for all of it only when it holds no code: `prompts/` yes, a Python package `evals/` no.
 */
export function draftRules(items: readonly DraftItem[], codeFolders: ReadonlySet<string> = new Set()): DraftRule[] {
  const root: Node = { path: "", children: new Map(), files: [], assetFolder: false };
  for (const item of items) {
    const segments = item.path.split("/");
    let node = root;
    for (const segment of segments.slice(0, -1)) {
      let child = node.children.get(segment);
      if (!child) {
        const path = node.path ? `${node.path}/${segment}` : segment;
        child = {
          path,
          children: new Map(),
          files: [],
          assetFolder: ASSET_FOLDERS.has(segment) && !codeFolders.has(path),
        };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.files.push(item);
  }
  const all = new Set(items);
  // The top folder is never one rule: that would be `*`, and say nothing about where assets live.
  return [...kids(root).flatMap((child) => rulesFor(child, all, true)), ...directFileRules(root, all)];
}

/** Rules for the assets in `wanted` under `node`; with `mayGroupByType`, file-type rules are tried too. */
function rulesFor(node: Node, wanted: ReadonlySet<DraftItem>, mayGroupByType: boolean): DraftRule[] {
  const items = subtree(node).filter((item) => wanted.has(item));
  if (items.length === 0) return [];
  if (uniform(items)) return folderRules(node, wanted, items[0]?.owners ?? "");
  const byFolder = [...kids(node).flatMap((child) => rulesFor(child, wanted, true)), ...directFileRules(node, wanted)];
  if (!mayGroupByType) return byFolder;
  const byType = typeRules(node, items);
  if (byType.covered.size === 0) return byFolder;
  const rest = new Set([...wanted].filter((item) => !byType.covered.has(item)));
  const early = [...kids(node).flatMap((child) => rulesFor(child, rest, false)), ...directFileRules(node, rest)];
  const grouped = [...early, ...byType.rules];
  return grouped.length < byFolder.length ? grouped : byFolder;
}

/** A uniform subtree: the folders that hold its assets, or the folder itself when those are many. */
function folderRules(node: Node, wanted: ReadonlySet<DraftItem>, owners: string): DraftRule[] {
  // A `prompts/` folder is where the next prompt will go too, so the rule names it rather than the subfolder used today.
  if (node.files.some((item) => wanted.has(item)) || node.assetFolder) {
    return [{ pattern: `/${escapePath(node.path)}/`, owners }];
  }
  const holders = kids(node).filter((child) => subtree(child).some((item) => wanted.has(item)));
  const rules = holders.flatMap((child) => folderRules(child, wanted, owners));
  if (rules.length <= MAX_SUBFOLDER_RULES) return rules;
  // Too many: one rule per subfolder, or failing that one for the folder.
  if (holders.length > 1 && holders.length <= MAX_SUBFOLDER_RULES)
    return holders.map((child) => ({ pattern: `/${escapePath(child.path)}/`, owners }));
  return [{ pattern: `/${escapePath(node.path)}/`, owners }];
}

/** Rules for assets directly in `node`: by file type when they agree, else one per file. */
function directFileRules(node: Node, wanted: ReadonlySet<DraftItem>): DraftRule[] {
  const prefix = node.path ? `/${escapePath(node.path)}/` : "/";
  const rules: DraftRule[] = [];
  for (const [key, group] of groupBy(
    node.files.filter((item) => wanted.has(item)),
    fileType,
  )) {
    if (group.length > 1 && uniform(group) && key.startsWith("."))
      rules.push({ pattern: `${prefix}*${escapeSegment(key)}`, owners: group[0]?.owners ?? "" });
    else
      for (const item of group)
        rules.push({ pattern: `${prefix}${escapeSegment(basename(item.path))}`, owners: item.owners });
  }
  return rules;
}

/** `/node/**\/*.ext` (or `/node/**\/name`) for file types spread over several folders whose assets all want the same owners. */
function typeRules(node: Node, items: readonly DraftItem[]): { rules: DraftRule[]; covered: Set<DraftItem> } {
  const rules: DraftRule[] = [];
  const covered = new Set<DraftItem>();
  const take = (pattern: string, group: readonly DraftItem[]) => {
    rules.push({ pattern: `/${escapePath(node.path)}/**/${pattern}`, owners: group[0]?.owners ?? "" });
    for (const item of group) covered.add(item);
  };
  const spread = (group: readonly DraftItem[]) => new Set(group.map((item) => dirname(item.path))).size > 1;
  for (const [type, group] of groupBy(items, fileType)) {
    if (uniform(group) && spread(group) && type.startsWith(".")) take(`*${escapeSegment(type)}`, group);
    else
      for (const [name, named] of groupBy(group, (item) => basename(item.path)))
        if (uniform(named) && spread(named)) take(escapeSegment(name), named);
  }
  return { rules, covered };
}

const subtrees = new WeakMap<Node, DraftItem[]>();

/** Every asset at or below `node` (memoised: the drafting asks for it at each level). */
function subtree(node: Node): DraftItem[] {
  let items = subtrees.get(node);
  if (!items) {
    items = [...node.files, ...kids(node).flatMap(subtree)];
    subtrees.set(node, items);
  }
  return items;
}

/** Subfolders in name order, so a draft reads like a listing and is the same on every run. */
const kids = (node: Node) =>
  [...node.children.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
const uniform = (items: readonly DraftItem[]) => items.every((item) => item.owners === items[0]?.owners);
const basename = (path: string) => path.slice(path.lastIndexOf("/") + 1);
const dirname = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf("/")));

/** `.jinja2` for `chat.jinja2`; the whole name for `MLmodel` or `.env`. */
function fileType(item: DraftItem): string {
  const name = basename(item.path);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot) : name;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * A literal path segment in CODEOWNERS syntax. Spaces and wildcards are escaped; `[` and `]` cannot
 * be written at all there, so each becomes `?`, which matches any one character.
 */
export const escapeSegment = (segment: string) => segment.replace(/[\\ *?]/g, "\\$&").replace(/[[\]]/g, "?");
const escapePath = (path: string) => path.split("/").map(escapeSegment).join("/");
