/**
 * `squadgate/core`: the pure policy engine, with no GitHub and no I/O. The app and the CLI are thin
 * fronts over these functions; other tools can use them the same way.
 */
export {
  parseOwnership,
  MAX_OWNERSHIP_BYTES,
  type Ownership,
  type OwnershipRule,
  type OwnershipError,
} from "./ownership/parse.js";
export { compileAssetKinds, type AssetClassifier } from "./assets/classify.js";
export { buildPolicy, type Policy, type Requirement } from "./policy.js";
export { scanAssets, type AssetScan, type AssetFile } from "./gate/requirements.js";
export {
  decideGate,
  type GateDecision,
  type DecisionInput,
  type RequirementStatus,
  type Conclusion,
} from "./gate/decide.js";
export { standingReviews } from "./gate/approvals.js";
export type { ChangedFile, Review, PullRequestFacts } from "./gate/types.js";
export { renderCheckOutput } from "./render/check-summary.js";
export { parseConfigText, validateConfigValue } from "../config/validate-config.js";
export { configSchema, type Config } from "../config/schema.js";
export { formatProblem, type Problem } from "../config/problems.js";
