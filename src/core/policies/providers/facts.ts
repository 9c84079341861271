import type { Config } from "../../../config/schema.js";
import type { PullFacts } from "../../pull/facts.js";
import { modelFilesToRead, type ProviderVerdict, providerVerdict } from "./verdict.js";

/** The providers policy's verdict from the pull request's facts; undefined when the policy is off. */
export function providersOf(facts: PullFacts, config: Config): ProviderVerdict | undefined {
  if (!config.providers || !facts.files) return undefined;
  return providerVerdict(config, facts.files.list, facts.modelFiles ?? new Map());
}

/** The changed model configs and prompts to read at the head, when the policy is on and they were not read yet. */
export function modelFilesRequest(facts: PullFacts, config: Config): { fact: "modelFiles"; paths: string[] }[] {
  if (!config.providers || !facts.files || facts.modelFiles !== undefined) return [];
  const paths = modelFilesToRead(config, facts.files.list);
  return paths.length > 0 ? [{ fact: "modelFiles", paths }] : [];
}
