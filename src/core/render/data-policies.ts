import type { DataPolicies } from "../pull/data-policies.js";
import type { LicenceRow } from "../policies/licences/evaluate.js";
import type { SensitiveFinding } from "../policies/sensitive-data/scan.js";
import { fitLines, fitTable } from "./budget.js";
import { clip, code, escapeText, list } from "./markdown.js";

/** An annotation of the check run: a line of a file at the head commit, as GitHub's API takes it. */
export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "failure" | "warning" | "notice";
  title: string;
  message: string;
}

const MAX_PATH = 300;
const where = (path: string, line?: number) => code(clip(line ? `${path}:${line}` : path, MAX_PATH));
const ids = (values: readonly string[]) => (values.length ? values.map((v) => code(clip(v, 80))).join(", ") : "—");

/** The check's licence section: one row per licence, what it is, what states it, and why it needs review. */
export function licenceSection(report: NonNullable<DataPolicies["licences"]>, budget: number): string {
  const flagged = report.rows.filter((row) => row.reasons.length > 0);
  const intro =
    flagged.length > 0
      ? `${flagged.length} of ${report.rows.length} licence${report.rows.length === 1 ? "" : "s"} need${flagged.length === 1 ? "s" : ""} ${code(`@${report.role}`)}'s review.`
      : `${report.rows.length} licence${report.rows.length === 1 ? "" : "s"}, none needing ${code(`@${report.role}`)}'s review.`;
  const rows = [...flagged, ...report.rows.filter((row) => row.reasons.length === 0)].map(licenceRow);
  const header = [
    "### Licences",
    intro,
    "",
    "| | Stated in | Licence | Class | Built on | Needs review because |",
    "|---|---|---|---|---|---|",
  ];
  return fitTable(header, rows, budget, (n) => `… and ${n} more licences not shown.`);
}

function licenceRow(row: LicenceRow): string {
  const icon = row.reasons.length > 0 ? "⚠️" : "✅";
  const source = row.state === "missing" ? `no card in ${where(row.source)}` : where(row.source, row.line);
  const licence = row.state === "stated" ? ids(row.ids) : row.state === "missing" ? "_none stated_" : "_not read_";
  const before = row.before ? ` (was ${row.before.length ? ids(row.before) : "none"})` : "";
  const built = [
    ...row.baseModels.map((m) => `model ${code(clip(m, 100))}`),
    ...row.datasets.map((d) => `data ${code(clip(d, 100))}`),
  ];
  const files =
    row.files.length > 1 || row.files[0] !== row.source
      ? `; ${row.files.length} changed file${row.files.length === 1 ? "" : "s"}`
      : "";
  const reasons = row.reasons.length ? escapeText(row.reasons.join("; ")) : "—";
  return `| ${icon} | ${source}${files} | ${licence}${before} | ${row.classes.length ? row.classes.join(", ") : "—"} | ${list(built, 4) || "—"} | ${reasons} |`;
}

/** The check's sensitive-data section: who must review, each finding masked, and what was not scanned. */
export function sensitiveSection(report: NonNullable<DataPolicies["sensitive"]>, budget: number): string {
  const total = report.all.length + report.moreFindings;
  const files = new Set(report.all.map((f) => f.path)).size;
  const scanned = `Scanned the added lines of ${report.scanned.files} dataset file${report.scanned.files === 1 ? "" : "s"} (${megabytes(report.scanned.bytes)}).`;
  const head =
    total > 0
      ? `${scanned} ${total} finding${total === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"} need${total === 1 ? "s" : ""} ${code(`@${report.role}`)}'s review; the first ${Math.min(report.annotations, report.all.length)} are annotated on their lines. Values are masked.`
      : `${scanned} No secrets or personal data found.`;
  const review = report.unscannedNeedsReview && report.unscanned.length > 0;
  const unscannedNote = review
    ? [
        `- ⚠️ ${report.unscanned.length} file${report.unscanned.length === 1 ? "" : "s"} could not be scanned, so ${code(`@${report.role}`)} must review ${report.unscanned.length === 1 ? "it" : "them"}:`,
      ]
    : [];
  const lines = [
    ...report.all.map((f) => `- ${where(f.path, f.line)}: ${escapeText(f.label)} ${code(f.masked)}`),
    ...(report.moreFindings > 0
      ? [
          `- … and ${report.moreFindings} more findings past the ${report.all.length - report.secrets.length} kept; the scan stopped recording there.`,
        ]
      : []),
    ...unscannedNote,
    ...report.unscanned.map((u) => `${review ? "  " : ""}- ⚠️ Not scanned: ${where(u.path)}: ${escapeText(u.reason)}.`),
  ];
  const body = fitLines(lines, budget - head.length - 30, (n) => `- … and ${n} more not shown.`);
  return ["### Sensitive data", head, ...(body ? [body] : [])].join("\n");
}

const megabytes = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Licences annotated on their lines, at most (one request's worth); the summary lists them all. */
const MAX_LICENCE_ANNOTATIONS = 50;

/**
 * Annotations for the check run: each licence that needs review on the line that states it (when
 * that file is at the head), then findings, one per line of a file, up to the configured number.
 */
export function dataPolicyAnnotations(found: DataPolicies | undefined): Annotation[] {
  if (!found) return [];
  const licences = (found.licences?.rows ?? [])
    .filter((row) => row.reasons.length > 0 && row.state === "stated" && row.line !== undefined)
    .slice(0, MAX_LICENCE_ANNOTATIONS)
    .map(
      (row): Annotation => ({
        path: row.source,
        start_line: row.line as number,
        end_line: row.line as number,
        annotation_level: "warning",
        title: `Licence needs review by the ${found.licences?.role} role`,
        message: `${row.ids.join(", ")} (${row.classes.join(", ")}): ${row.reasons.join("; ")}.`,
      }),
    );
  const sensitive = found.sensitive;
  if (!sensitive) return licences;
  const byLine = new Map<string, SensitiveFinding[]>();
  for (const f of sensitive.all) byLine.set(`${f.path}\n${f.line}`, [...(byLine.get(`${f.path}\n${f.line}`) ?? []), f]);
  const findings = [...byLine.values()].slice(0, sensitive.annotations).map(
    (fs): Annotation => ({
      path: (fs[0] as SensitiveFinding).path,
      start_line: (fs[0] as SensitiveFinding).line,
      end_line: (fs[0] as SensitiveFinding).line,
      annotation_level: fs.some((f) => f.kind === "secret") ? "failure" : "warning",
      title: clip(`${[...new Set(fs.map((f) => f.label))].join(", ")} added`, 200),
      message: `${fs.map((f) => `${f.label}: ${f.masked}`).join("\n")}\nNeeds review by the ${sensitive.role} role; remove or anonymise it, or add an allow pattern for test values.`,
    }),
  );
  return [...licences, ...findings];
}
