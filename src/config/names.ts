/** Role names as written after @ in the ownership file and in checklist items. */
export const ROLE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,38}$/;
/** Asset kinds name globs, checklist templates and rules. */
export const ASSET_KIND = /^[a-z][a-z0-9-]{0,38}$/;

/** What a waiver can name besides a role. */
export const NON_ROLE_WAIVER_TARGETS = ["evals", "checklist", "agents"] as const;
export const isRoleTarget = (target: string): boolean =>
  !(NON_ROLE_WAIVER_TARGETS as readonly string[]).includes(target);
/** A waiver target as people write it: `@legal` for a role, `evals`, `checklist` or `agents` otherwise. */
export const targetHandle = (target: string): string => (isRoleTarget(target) ? `@${target}` : target);
