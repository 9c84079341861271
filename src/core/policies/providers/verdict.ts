import type { Config } from "../../../config/schema.js";
import { compileAssetKinds } from "../../assets/classify.js";
import type { RequiredGroup } from "../../gate/requirements.js";
import type { ChangedFile } from "../../gate/types.js";
import type { Requirement } from "../../policy.js";
import type { HeadText } from "../../pull/facts.js";
import { compareModels, type ProviderChange } from "./compare.js";
import { extractModels, type ModelRef, readableFormat } from "./extract.js";
import { addedText, baseFromHead } from "./patch.js";
import { type VendorTable, vendorTable } from "./vendors.js";

/** Files read at the head per pull request; past that, a change is treated as a change of vendor. */
export const MAX_MODEL_FILES = 50;
/** Model configuration (a config, or a prompt's front matter) parsed per pull request, old and new versions together. */
export const MAX_PARSED_CHARS = 1_048_576;

export interface ProviderVerdict {
  /** Each file whose provider or model changed (or could not be read), in the order of the pull request's files. */
  changes: ProviderChange[];
  /** The configured roles, with the files whose change needs them. */
  required: RequiredGroup[];
}

/** Changed files the policy reads: of the configured kinds or globs, in a format that names a model, not removed. */
export function providerFiles(config: Config, files: readonly ChangedFile[]): ChangedFile[] {
  const providers = config.providers;
  if (!providers) return [];
  const kinds = compileAssetKinds({
    ...Object.fromEntries(providers.kinds.map((kind) => [kind, config.assets[kind] ?? []])),
    "provider-files": providers.files,
  });
  return files.filter((file) => {
    if (file.status === "removed" || !readableFormat(file.path)) return false;
    return [file.path, file.previousPath].some((path) => path !== undefined && kinds.kindsOf(path).length > 0);
  });
}

/** The files whose head text must be read: all but those added with their whole text in the diff; at most `MAX_MODEL_FILES`. */
export function modelFilesToRead(config: Config, files: readonly ChangedFile[]): string[] {
  return providerFiles(config, files)
    .filter((file) => !(file.status === "added" && file.patch !== undefined))
    .slice(0, MAX_MODEL_FILES)
    .map((file) => file.path);
}

/** What the providers policy finds in a pull request, given the head texts it read. */
export function providerVerdict(
  config: Config,
  files: readonly ChangedFile[],
  texts: ReadonlyMap<string, HeadText>,
): ProviderVerdict | undefined {
  const providers = config.providers;
  if (!providers) return undefined;
  const parse = parser(vendorTable(providers.vendors));
  const changes = providerFiles(config, files).flatMap((file) => {
    const change = fileChange(file, texts.get(file.path), parse);
    return change ? [compareModels(file.path, change, providers)] : [];
  });
  const needing = changes.filter((c) => c.needsRoles).map((c) => c.path);
  const required =
    needing.length > 0
      ? providers.roles.map((role) => ({ requirement: roleRequirement(config, role), files: needing }))
      : [];
  return { changes: changes.filter((c) => c.kind !== "same"), required };
}

type Sides = { before: ModelRef[]; after: ModelRef[] } | { unreadable: string };

type Parse = (path: string, text: string) => ReturnType<typeof extractModels>;

/** Reads the models files call, within one pull request's parsing budget. */
function parser(vendors: VendorTable): Parse {
  const budget = { left: MAX_PARSED_CHARS };
  return (path, text) => extractModels(path, text, vendors, budget);
}

/** The models a file called before and calls now, or why that cannot be told. */
function fileChange(file: ChangedFile, read: HeadText | undefined, parse: Parse): Sides | undefined {
  const head = headText(file, read);
  if ("unreadable" in head) return head;
  if (head.text === null) return undefined;
  const after = parse(file.path, head.text);
  if ("unreadable" in after) return { unreadable: `its new version ${after.unreadable}` };
  const given = read && "text" in read ? read.base : undefined;
  if (file.status === "added" || given === null) return { before: [], after: after.refs };
  const base = given ?? (file.patch === undefined ? undefined : baseFromHead(head.text, file.patch));
  if (base === undefined) {
    // Without the old text, a file that now calls no model cannot have started calling a vendor.
    if (after.refs.length === 0) return undefined;
    return {
      unreadable:
        file.patch === undefined
          ? "GitHub shows no diff for it, so its old version is unknown"
          : "its diff does not match its new version",
    };
  }
  const before = parse(file.previousPath ?? file.path, base);
  if ("overBudget" in before) return { unreadable: `its old version ${before.unreadable}` };
  return { before: "unreadable" in before ? [] : before.refs, after: after.refs };
}

function headText(file: ChangedFile, read: HeadText | undefined): { text: string | null } | { unreadable: string } {
  if (file.status === "added" && file.patch !== undefined) {
    const text = addedText(file.patch);
    return text === undefined ? { unreadable: "its diff could not be read" } : { text };
  }
  if (!read)
    return { unreadable: `Squadgate reads at most ${MAX_MODEL_FILES} model configs and prompts per pull request` };
  if ("text" in read) return read;
  if (read.skipped === "too-large")
    return {
      unreadable: `it is too large to read (${Math.round((read.bytes ?? 0) / 1024)} KiB; the limit is 500 KiB)`,
    };
  return { unreadable: read.skipped === "binary" ? "it is not text" : "it could not be read" };
}

/** A declared role as a requirement, as an ownership rule naming it would make it. */
function roleRequirement(config: Config, name: string): Requirement {
  const role = config.roles[name];
  return {
    id: `@${name}`,
    role: name,
    members: role?.members ?? [],
    approvals: role?.approvals ?? 1,
    ...(role?.description ? { description: role.description } : {}),
  };
}
