import type { Config } from "../../../config/schema.js";
import type { ChangedFile } from "../../gate/types.js";
import type { HeadText, PullFacts } from "../../pull/facts.js";
import { modelFilesToRead, type ProviderVerdict, providerVerdict } from "./verdict.js";

/**
 * Verdicts already worked out for a listing of files, by the config and texts they were worked out
 * from: the planner asks after every round of reads, and parsing the files again each time would
 * cost for nothing.
 */
const known = new WeakMap<readonly ChangedFile[], { config: Config; texts: unknown; verdict?: ProviderVerdict }>();

/** The providers policy's verdict from the pull request's facts; undefined when the policy is off. */
export function providersOf(facts: PullFacts, config: Config): ProviderVerdict | undefined {
  if (!config.providers || !facts.files) return undefined;
  const list = facts.files.list;
  const hit = known.get(list);
  if (hit && hit.config === config && hit.texts === facts.modelFiles) return hit.verdict;
  const verdict = providerVerdict(config, list, facts.modelFiles ?? NONE);
  known.set(list, { config, texts: facts.modelFiles, ...(verdict ? { verdict } : {}) });
  return verdict;
}

const NONE: ReadonlyMap<string, HeadText> = new Map();

/** The changed model configs and prompts to read at the head, when the policy is on and they were not read yet. */
export function modelFilesRequest(facts: PullFacts, config: Config): { fact: "modelFiles"; paths: string[] }[] {
  if (!config.providers || !facts.files || facts.modelFiles !== undefined) return [];
  const paths = modelFilesToRead(config, facts.files.list);
  return paths.length > 0 ? [{ fact: "modelFiles", paths }] : [];
}
