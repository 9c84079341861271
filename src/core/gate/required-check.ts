/** Whether merging into a branch waits for the Squadgate check, and only for the one our app writes. */
export interface RequiredCheck {
  required: boolean;
  /** Required from our app (branch protection `app_id`, ruleset `integration_id`), not from whoever reports it. */
  pinned: boolean;
}

/** One required status check, as a ruleset or branch protection lists it. */
export type RequiredListing = { context: string; appId: number | null | undefined };

/** How the branch's listings require the check named `checkName`: at all, and from our app. */
export function judgeRequiredCheck(
  listings: readonly RequiredListing[],
  checkName: string,
  appId: number,
): RequiredCheck {
  const ours = listings.filter((l) => l.context === checkName);
  return { required: ours.length > 0, pinned: ours.some((l) => l.appId === appId) };
}

/**
 * The required checks classic branch protection lists: pinned ones with their app, and legacy
 * contexts (which any app may satisfy). Null when the branch is protected but the details are hidden.
 */
export function protectionListings(branch: {
  protected: boolean;
  protection?: {
    required_status_checks?: { checks: { context: string; app_id: number | null }[]; contexts: string[] };
  };
}): RequiredListing[] | null {
  if (!branch.protected) return [];
  const checks = branch.protection?.required_status_checks;
  if (!checks) return null;
  const pinned = checks.checks.map((c) => ({ context: c.context, appId: c.app_id }));
  const legacy = checks.contexts
    .filter((c) => !pinned.some((p) => p.context === c))
    .map((context) => ({ context, appId: undefined }));
  return [...pinned, ...legacy];
}
