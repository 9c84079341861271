import type { SensitiveDataConfig, SensitiveKind } from "../../../config/sensitive-data-schema.js";
import type { AssetClassifier } from "../../assets/classify.js";
import type { ChangedFile } from "../../gate/types.js";
import { DETECTORS, type Hit } from "./detectors.js";
import { mask } from "./mask.js";
import { addedText, lineIndexAt } from "./patch.js";
import { SECRET_MARKER } from "./secret-markers.js";

/** Something sensitive on an added line: what it is and where, masked. */
export interface SensitiveFinding {
  path: string;
  line: number;
  kind: SensitiveKind;
  label: string;
  masked: string;
}

/** Added lines that may hold a secret, for the secret scanner (see `secrets.ts`). */
export interface SecretCandidates {
  path: string;
  lines: { line: number; text: string }[];
}

export interface SensitiveScan {
  role: string;
  /** Whether a file left unscanned needs the role's review, as a finding does. */
  unscannedNeedsReview: boolean;
  findings: SensitiveFinding[];
  /** Findings past `MAX_FINDINGS`, counted but not kept. */
  moreFindings: number;
  candidates: SecretCandidates[];
  scanned: { files: number; bytes: number };
  /** Changed files of the scanned kinds whose added lines were not scanned, and why. */
  unscanned: { path: string; reason: string }[];
}

/** Findings kept per pull request; the rest are counted. */
export const MAX_FINDINGS = 1000;
/** Characters around a secret-shaped match handed to the secret scanner, each side. */
const WINDOW = 512;

/**
 * The added lines of the pull request's files of the scanned kinds, from the patches GitHub's
 * listing gives, scanned for personal data; lines shaped like secrets are collected for the secret
 * scanner. Files without a patch (binary, too large for GitHub's diff, past its 3,000-file listing)
 * are named as not scanned; past `max_mb` of added text the rest are too. Pure.
 */
export function scanPatches(
  config: SensitiveDataConfig,
  classifier: AssetClassifier,
  files: readonly ChangedFile[],
): SensitiveScan {
  const kinds = new Set(config.kinds);
  const detect = new Set(config.detect);
  const allow = config.allow.map((source) => new RegExp(source, "u"));
  const scan: SensitiveScan = {
    role: config.role,
    unscannedNeedsReview: config.unscanned === "review",
    findings: [],
    moreFindings: 0,
    candidates: [],
    scanned: { files: 0, bytes: 0 },
    unscanned: [],
  };
  const budget = config.max_mb * 1024 * 1024;
  for (const file of files) {
    if (file.status === "removed" || !classifier.kindsOf(file.path).some((kind) => kinds.has(kind))) continue;
    if (file.patch === undefined) {
      // A rename without changes has no diff and adds nothing; a binary file has none either, and is named.
      if (!(file.status === "renamed" && file.additions === 0))
        scan.unscanned.push({ path: file.path, reason: noPatchReason(file) });
      continue;
    }
    if (scan.scanned.bytes + file.patch.length > budget) {
      scan.unscanned.push({ path: file.path, reason: `past the ${config.max_mb} MB scanned per pull request` });
      continue;
    }
    scan.scanned.files++;
    scan.scanned.bytes += file.patch.length;
    scanFile(file.path, file.patch, { scan, detect, allow });
  }
  return scan;
}

const noPatchReason = (file: ChangedFile) =>
  file.status === "changed"
    ? "past the 3,000 files GitHub lists, so GitHub gives no diff for it"
    : "no diff to scan (a binary file, or a diff too large for GitHub to show)";

function scanFile(
  path: string,
  patch: string,
  opts: { scan: SensitiveScan; detect: ReadonlySet<SensitiveKind>; allow: readonly RegExp[] },
): void {
  const { scan, detect, allow } = opts;
  const added = addedText(patch);
  if (added.lines.length === 0) return;
  const emit = (hit: Hit) => {
    if (allow.some((pattern) => pattern.test(hit.value))) return;
    if (scan.findings.length >= MAX_FINDINGS) {
      scan.moreFindings++;
      return;
    }
    const line = added.lines[lineIndexAt(added.starts, hit.index)] ?? 0;
    scan.findings.push({ path, line, kind: hit.kind, label: hit.label, masked: mask(hit.value) });
  };
  for (const [kind, detector] of Object.entries(DETECTORS))
    if (detect.has(kind as SensitiveKind)) detector(added.text, emit);
  if (detect.has("secret")) {
    const lines: SecretCandidates["lines"] = [];
    for (const m of added.text.matchAll(SECRET_MARKER)) {
      const i = lineIndexAt(added.starts, m.index);
      const start = added.starts[i] ?? 0;
      const end = (added.starts[i + 1] ?? added.text.length + 1) - 1;
      // Around the match only: a line may be a megabyte of JSON, and a secret is a short token.
      const from = Math.max(start, m.index - WINDOW);
      const text = added.text.slice(from, Math.min(end, m.index + Math.min(m[0].length, WINDOW) + WINDOW));
      const line = added.lines[i] ?? 0;
      if (lines.at(-1)?.line !== line || lines.at(-1)?.text !== text) lines.push({ line, text });
    }
    if (lines.length > 0) scan.candidates.push({ path, lines });
  }
}

/** Findings in reading order: by file, then line. */
export const byPlace = (a: SensitiveFinding, b: SensitiveFinding) =>
  a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line;
