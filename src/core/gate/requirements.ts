import { policyFiles, type Policy, type Requirement } from "../policy.js";
import type { ChangedFile } from "./types.js";

export interface AssetFile {
  path: string;
  kinds: string[];
}

export interface RequiredGroup {
  requirement: Requirement;
  /** Changed AI-asset (or policy) files that make this requirement apply. */
  files: string[];
}

export interface AssetScan {
  assets: AssetFile[];
  required: RequiredGroup[];
  /** AI-asset files no rule assigns to a role, user or team. */
  unowned: string[];
}

/**
 * Which AI assets a change touches and which requirements they bring in (a role owning one of
 * them). Squadgate's own policy files bring in their owners too, without being AI assets.
 */
export function scanAssets(policy: Policy, files: readonly ChangedFile[]): AssetScan {
  const governed = new Set(policyFiles(policy.config));
  const assets: AssetFile[] = [];
  const unowned: string[] = [];
  const required = new Map<string, RequiredGroup>();
  for (const file of files) {
    // A rename counts at both ends: moving a prompt out of prompts/ still needs its owners.
    const paths = file.previousPath && file.previousPath !== file.path ? [file.path, file.previousPath] : [file.path];
    const kinds = new Set<string>();
    const requirements = new Set<Requirement>();
    for (const path of paths) {
      const pathKinds = policy.assets.kindsOf(path);
      if (pathKinds.length === 0 && !governed.has(path)) continue;
      for (const kind of pathKinds) kinds.add(kind);
      for (const requirement of policy.requirementsFor(path)) requirements.add(requirement);
    }
    if (kinds.size > 0) {
      assets.push({ path: file.path, kinds: [...kinds] });
      if (requirements.size === 0) unowned.push(file.path);
    }
    for (const requirement of requirements) {
      const group = required.get(requirement.id) ?? { requirement, files: [] };
      group.files.push(file.path);
      required.set(requirement.id, group);
    }
  }
  return { assets, required: [...required.values()], unowned };
}
