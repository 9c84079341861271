import type { Config } from "../../config/schema.js";
import { compileAssetKinds } from "../assets/classify.js";
import type { ChecklistTemplate } from "../checklists/templates.js";
import type { AssetScan, RequiredGroup } from "../gate/requirements.js";
import type { ChangedFile } from "../gate/types.js";
import { evaluateLicences, type LicenceReport } from "../policies/licences/evaluate.js";
import { licenceReads, type LicenceRead } from "../policies/licences/reads.js";
import { byPlace, scanPatches, type SensitiveFinding, type SensitiveScan } from "../policies/sensitive-data/scan.js";
import type { Policy, Requirement } from "../policy.js";
import type { PullFacts } from "./facts.js";

/**
 * The two data policies of a pull request (model and dataset licences; secrets and personal data in
 * added dataset lines), as far as its facts tell: what to read for them, what they find, and the
 * role each then makes required. Pure.
 */
export interface DataPolicies {
  licences?: LicenceReport;
  sensitive?: SensitiveScan & { secrets: SensitiveFinding[]; all: SensitiveFinding[]; annotations: number };
}

/** What the data policies still need read: card and config texts (one batch), and the secret scan of marked lines. */
export function dataPolicyReads(facts: PullFacts): {
  licenceReads?: { reads: LicenceRead[] };
  secrets?: { candidates: SensitiveScan["candidates"]; allow: string[] };
  /** A data policy requires a role, maybe for a file that is no AI asset (a card): reviews matter. */
  mayRequire: boolean;
} {
  const config = facts.config.config;
  const files = facts.files?.list;
  if (!config || !files) return { mayRequire: false };
  const classifier = classifierOf(config);
  const licences = config.licences ? licenceReads(config.licences, classifier, files).reads : [];
  const scan = sensitiveScan(config, files);
  return {
    ...(licences.length > 0 && facts.licenceTexts === undefined ? { licenceReads: { reads: licences } } : {}),
    ...(scan && scan.candidates.length > 0 && facts.secretFindings === undefined
      ? { secrets: { candidates: scan.candidates, allow: config.sensitive_data?.allow ?? [] } }
      : {}),
    // Known once the cards are read: a README that is no card, or whose licence needs nothing, costs no review read.
    mayRequire: facts.licenceTexts !== undefined && dataPolicyGroups(config, dataPolicies(facts)).length > 0,
  };
}

/** What each configured data policy finds in the pull request. */
export function dataPolicies(facts: PullFacts): DataPolicies {
  const config = facts.config.config;
  const files = facts.files?.list;
  if (!config || !files) return {};
  const scan = sensitiveScan(config, files);
  const secrets = facts.secretFindings ?? [];
  return {
    ...(config.licences
      ? {
          licences: evaluateLicences(config.licences, {
            classifier: classifierOf(config),
            files,
            texts: facts.licenceTexts ?? new Map(),
          }),
        }
      : {}),
    ...(scan && config.sensitive_data
      ? {
          sensitive: {
            ...scan,
            secrets,
            all: [...scan.findings, ...secrets].sort(byPlace),
            annotations: config.sensitive_data.annotations,
          },
        }
      : {}),
  };
}

/** The roles the data policies make required, with the files that make them so. */
export function dataPolicyGroups(config: Config, found: DataPolicies): RequiredGroup[] {
  const groups: RequiredGroup[] = [];
  const flagged = (found.licences?.rows ?? []).filter((row) => row.reasons.length > 0);
  if (found.licences && flagged.length > 0) {
    const requirement = roleRequirement(config, found.licences.role);
    if (requirement) groups.push({ requirement, files: unique(flagged.flatMap((row) => row.files)) });
  }
  const sensitive = found.sensitive;
  const unscanned = sensitive?.unscannedNeedsReview ? sensitive.unscanned.map((u) => u.path) : [];
  if (sensitive && sensitive.all.length + sensitive.moreFindings + unscanned.length > 0) {
    const requirement = roleRequirement(config, sensitive.role);
    if (requirement) groups.push({ requirement, files: unique([...sensitive.all.map((f) => f.path), ...unscanned]) });
  }
  return groups;
}

/** The asset scan with the data policies' roles added: to a role already required, their files join its own. */
export function withDataPolicies(scan: AssetScan, groups: readonly RequiredGroup[]): AssetScan {
  const required = scan.required.map((group) => ({ ...group, files: [...group.files] }));
  for (const group of groups) {
    const same = required.find((g) => g.requirement.id === group.requirement.id);
    if (same) same.files = unique([...same.files, ...group.files]);
    else required.push({ requirement: group.requirement, files: [...group.files] });
  }
  return { ...scan, required };
}

/** The asset scan of a pull request, with the roles its data policies require. */
export const requiredWithDataPolicies = (policy: Policy, scan: AssetScan, facts: PullFacts): AssetScan =>
  withDataPolicies(scan, dataPolicyGroups(policy.config, dataPolicies(facts)));

/** A checklist item for the licence role, when the licences need its review and checklists are on. */
export function dataPolicyTemplates(found: DataPolicies): ChecklistTemplate[] {
  const role = found.licences?.role;
  if (!role || !found.licences?.rows.some((row) => row.reasons.length > 0)) return [];
  const text =
    "Licences checked against how we use these models and datasets (the Squadgate check lists each one and why)";
  return [{ kind: "licence", title: "Licence review", items: [{ id: "terms-reviewed", text, required: true, role }] }];
}

function roleRequirement(config: Config, name: string): Requirement | undefined {
  const role = config.roles[name];
  if (!role) return undefined;
  return {
    id: `@${name}`,
    role: name,
    members: role.members,
    approvals: role.approvals,
    ...(role.description ? { description: role.description } : {}),
  };
}

const unique = (paths: readonly string[]) => [...new Set(paths)];

/** One classifier per config, and one scan of the patches per listing: the planner asks several times. */
const classifiers = new WeakMap<Config, ReturnType<typeof compileAssetKinds>>();
const scans = new WeakMap<readonly ChangedFile[], SensitiveScan>();

function classifierOf(config: Config) {
  const known = classifiers.get(config);
  if (known) return known;
  const classifier = compileAssetKinds(config.assets);
  classifiers.set(config, classifier);
  return classifier;
}

function sensitiveScan(config: Config, files: readonly ChangedFile[]): SensitiveScan | undefined {
  if (!config.sensitive_data) return undefined;
  const known = scans.get(files);
  if (known) return known;
  const scan = scanPatches(config.sensitive_data, classifierOf(config), files);
  scans.set(files, scan);
  return scan;
}
