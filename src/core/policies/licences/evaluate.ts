import type { LicenceClass, LicencesConfig } from "../../../config/licences-schema.js";
import type { AssetClassifier } from "../../assets/classify.js";
import { touchedPaths, type ChangedFile } from "../../gate/types.js";
import { readCard, readConfigLicence, type Statement } from "./card.js";
import { cardCandidates, licensedFiles, licenceReads, mayStateLicence, textKey, type LicenceTexts } from "./reads.js";
import { classOf } from "./table.js";

/** A licence as found on one side: stated (by a card or config), stated by nothing, or not read (past the cap). */
type Found = { kind: "stated"; statement: Statement } | { kind: "missing"; where: string } | { kind: "unread" };

/** One licence the check lists: what states it, what it is now and was before, and why it needs review. */
export interface LicenceRow {
  /** The card or config that states it, or the folder where none does (`datasets/faq/`). */
  source: string;
  line?: number;
  state: "stated" | "missing" | "unread";
  ids: string[];
  classes: LicenceClass[];
  /** The ids before this pull request, when they differ; `[]` when none was stated; absent when new or unchanged. */
  before?: string[];
  isNew: boolean;
  baseModels: string[];
  datasets: string[];
  /** The changed files it covers (the card itself when it changed). */
  files: string[];
  /** Why the licence role must review it; empty when it need not. */
  reasons: string[];
}

export interface LicenceReport {
  role: string;
  rows: LicenceRow[];
  /** Files whose licence was not read, past the cap on reads. */
  unread: number;
}

interface Judged {
  source: string;
  head: Found;
  base: Found | "new";
  files: string[];
}

/** Each changed model's and dataset's licence, from the texts read (see `licenceReads`), and which need review. Pure. */
export function evaluateLicences(
  config: LicencesConfig,
  input: { classifier: AssetClassifier; files: readonly ChangedFile[]; texts: LicenceTexts },
): LicenceReport {
  const { classifier, files, texts } = input;
  const changed = new Set(touchedPaths(files));
  const found = (side: "base" | "head", path: string): Found => {
    if (mayStateLicence(classifier, path)) {
      const own = texts.get(textKey(side, path));
      const statement = own ? readConfigLicence(path, own) : undefined;
      if (statement) return { kind: "stated", statement };
    }
    for (const candidate of cardCandidates(path)) {
      const text = texts.get(textKey(side === "base" && changed.has(candidate) ? "base" : "head", candidate));
      if (text === undefined) return { kind: "unread" };
      const card = text === null ? undefined : readCard(candidate, text);
      if (card) return { kind: "stated", statement: card };
    }
    const dir = path.includes("/") ? `${path.slice(0, path.lastIndexOf("/"))}/` : "/";
    return { kind: "missing", where: dir };
  };
  const { assets, cards } = licensedFiles(config, classifier, files);
  const judged: Judged[] = [
    ...cards.flatMap((card) => judgedCard(card, texts)),
    ...assets.map((asset) => judgedAsset(asset, found)),
  ];
  const rows = groupRows(judged, config);
  return { role: config.role, rows, unread: judged.filter((j) => j.head.kind === "unread").length };
}

function judgedAsset(asset: ChangedFile, found: (side: "base" | "head", path: string) => Found): Judged {
  const head = found("head", asset.path);
  const base = asset.status === "added" ? "new" : found("base", asset.previousPath ?? asset.path);
  return { source: sourceOf(head, asset.path), head, base, files: [asset.path] };
}

/** A changed card on its own: its licence before and after (a deleted card states none). */
function judgedCard(card: ChangedFile, texts: LicenceTexts): Judged[] {
  const headText = card.status === "removed" ? null : texts.get(textKey("head", card.path));
  const before = card.previousPath ?? card.path;
  const baseText = card.status === "added" ? null : texts.get(textKey("base", before));
  if (headText === undefined || baseText === undefined)
    return [{ source: card.path, head: { kind: "unread" }, base: { kind: "unread" }, files: [card.path] }];
  const headCard = headText === null ? undefined : readCard(card.path, headText);
  const baseCard = baseText === null ? undefined : readCard(before, baseText);
  if (!headCard && !baseCard) return [];
  const dir = card.path.includes("/") ? `${card.path.slice(0, card.path.lastIndexOf("/"))}/` : "/";
  const head: Found = headCard ? { kind: "stated", statement: headCard } : { kind: "missing", where: dir };
  const base: Found | "new" = baseCard ? { kind: "stated", statement: baseCard } : "new";
  return [{ source: headCard ? card.path : before, head, base, files: [...new Set([card.path, before])] }];
}

const sourceOf = (found: Found, path: string) =>
  found.kind === "stated" ? found.statement.path : found.kind === "missing" ? found.where : path;

/** One row per source, each file's reasons merged into it. */
function groupRows(judged: readonly Judged[], config: LicencesConfig): LicenceRow[] {
  const rows = new Map<string, LicenceRow>();
  for (const j of judged) {
    const row = rows.get(j.source) ?? newRow(j, config);
    for (const file of j.files) if (!row.files.includes(file)) row.files.push(file);
    for (const reason of reasonsFor(j, config)) if (!row.reasons.includes(reason)) row.reasons.push(reason);
    const before = beforeOf(j);
    if (before && !row.before) row.before = before;
    if (j.base !== "new") row.isNew = false;
    rows.set(j.source, row);
  }
  return [...rows.values()];
}

function newRow(j: Judged, config: LicencesConfig): LicenceRow {
  const statement = j.head.kind === "stated" ? j.head.statement : undefined;
  return {
    source: j.source,
    ...(statement?.line !== undefined ? { line: statement.line } : {}),
    state: j.head.kind,
    ids: statement?.ids ?? [],
    classes: (statement?.ids ?? []).map((id) => classOf(id, config.table)),
    isNew: j.base === "new",
    baseModels: statement?.baseModels ?? [],
    datasets: statement?.datasets ?? [],
    files: [],
    reasons: [],
  };
}

const idsOf = (found: Found) => (found.kind === "stated" ? found.statement.ids : []);
const sameIds = (a: readonly string[], b: readonly string[]) =>
  [...a]
    .map((id) => id.toLowerCase())
    .sort()
    .join("\n") ===
  [...b]
    .map((id) => id.toLowerCase())
    .sort()
    .join("\n");

function beforeOf(j: Judged): string[] | undefined {
  if (j.base === "new" || j.base.kind === "unread" || j.head.kind === "unread") return undefined;
  return sameIds(idsOf(j.base), idsOf(j.head)) ? undefined : idsOf(j.base);
}

/** Why one file's licence needs review: not allowed, changed, missing where it must be stated, or not read. */
function reasonsFor(j: Judged, config: LicencesConfig): string[] {
  if (j.head.kind === "unread") return ["not read: more files than Squadgate reads for one pull request"];
  const reasons: string[] = [];
  const isNew = j.base === "new";
  if (j.head.kind === "missing") {
    if (isNew) reasons.push("no licence stated for a new model or dataset");
    else if (j.base !== "new" && j.base.kind === "stated") reasons.push("the licence was removed");
  }
  const before = beforeOf(j);
  if (before && before.length > 0 && j.head.kind === "stated") reasons.push(`changed from ${before.join(", ")}`);
  if (before && before.length === 0 && j.head.kind === "stated") reasons.push("stated where none was before");
  for (const id of idsOf(j.head)) {
    const licenceClass = classOf(id, config.table);
    if (!config.allow.includes(licenceClass)) reasons.push(`${licenceClass} is not an allowed class`);
  }
  return reasons;
}

export { licenceReads };
