import { parseConfigText } from "../../src/config/validate-config.js";
import { buildPolicy, type Policy } from "../../src/core/policy.js";
import type { Problem } from "../../src/config/problems.js";

/** A policy from YAML and ownership text, failing loudly if the YAML itself is invalid. */
export function policyFrom(yaml: string, ownership: string | null): { policy: Policy; problems: Problem[] } {
  const parsed = parseConfigText(yaml, ".github/squadgate.yml");
  if (!parsed.config) throw new Error(`test config is invalid: ${JSON.stringify(parsed.problems)}`);
  return buildPolicy({ config: parsed.config, ownershipText: ownership });
}

export const SQUAD_CONFIG = `
roles:
  ds:
    description: Data science
    members: [dana, acme/data-science]
  legal:
    members: [lee]
  mle:
    members: [acme/ml-platform]
    approvals: 2
`;

export const SQUAD_OWNERS = `
*            @acme/backend
/prompts/    @ds
/datasets/   @ds @legal
/models/     @mle
/evals/      @ds
`;
