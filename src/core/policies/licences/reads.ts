import type { LicencesConfig } from "../../../config/licences-schema.js";
import type { AssetClassifier } from "../../assets/classify.js";
import { touchedPaths, type ChangedFile } from "../../gate/types.js";

/** A file to read for its licence: at the pull request's base commit or at its head. */
export interface LicenceRead {
  side: "base" | "head";
  path: string;
}

/** Texts read, by `textKey`; null when the file does not exist on that side. */
export type LicenceTexts = ReadonlyMap<string, string | null>;
export const textKey = (side: LicenceRead["side"], path: string) => `${side}:${path}`;

/** Reads made for one pull request at most (two GraphQL queries); past it the check says what was not read. */
export const MAX_LICENCE_READS = 200;
/** Folders looked up from an asset for its card. */
const MAX_DEPTH = 12;

export const isCardPath = (path: string) => /(^|\/)README\.md$/i.test(path);
const dirOf = (path: string) => (path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "");

/** Where an asset's card may be: a `README.md` in its folder, then in each folder above, nearest first. */
export function cardCandidates(path: string): string[] {
  const candidates: string[] = [];
  let dir = dirOf(path);
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    candidates.push(dir ? `${dir}/README.md` : "README.md");
    if (!dir) break;
    dir = dirOf(dir);
  }
  return candidates;
}

/** A model config whose format can state a licence of its own (data files are never read whole). */
export const mayStateLicence = (classifier: AssetClassifier, path: string) =>
  /(^|\/)(Modelfile|[^/]*\.Modelfile|MLmodel|[^/]*\.(ya?ml|json))$/.test(path) &&
  classifier.kindsOf(path).includes("model-config");

/** The changed files the licence policy looks at: assets of its kinds, and changed cards. */
export function licensedFiles(config: LicencesConfig, classifier: AssetClassifier, files: readonly ChangedFile[]) {
  const kinds = new Set(config.kinds);
  const ofKind = (path: string | undefined) =>
    path !== undefined && classifier.kindsOf(path).some((kind) => kinds.has(kind));
  return {
    assets: files.filter((f) => f.status !== "removed" && (ofKind(f.path) || ofKind(f.previousPath))),
    cards: files.filter((f) => isCardPath(f.path) || (f.previousPath !== undefined && isCardPath(f.previousPath))),
  };
}

/**
 * What to read to know each licence at the base and at the head, in one batch: the changed cards
 * on both sides, every card an asset may fall under at the head, and on the base side only the
 * cards the pull request changed (an unchanged card says at the base what it says at the head).
 * Changed configs are read on both sides for their own licence fields. At most `MAX_LICENCE_READS`.
 */
export function licenceReads(
  config: LicencesConfig,
  classifier: AssetClassifier,
  files: readonly ChangedFile[],
): { reads: LicenceRead[]; complete: boolean } {
  const changed = new Set(touchedPaths(files));
  const { assets, cards } = licensedFiles(config, classifier, files);
  const reads = new Map<string, LicenceRead>();
  const add = (side: LicenceRead["side"], path: string) => reads.set(textKey(side, path), { side, path });
  for (const card of cards) {
    if (card.status !== "removed") add("head", card.path);
    if (card.status !== "added") add("base", card.previousPath ?? card.path);
  }
  for (const asset of assets) {
    if (mayStateLicence(classifier, asset.path)) add("head", asset.path);
    const before = asset.previousPath ?? asset.path;
    if (asset.status !== "added" && mayStateLicence(classifier, before)) add("base", before);
    for (const candidate of cardCandidates(asset.path)) add("head", candidate);
    for (const candidate of cardCandidates(asset.previousPath ?? asset.path))
      add(changed.has(candidate) ? "base" : "head", candidate);
  }
  const all = [...reads.values()];
  return { reads: all.slice(0, MAX_LICENCE_READS), complete: all.length <= MAX_LICENCE_READS };
}
