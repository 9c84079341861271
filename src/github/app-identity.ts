import type { Octokit } from "./types.js";

/** Who Squadgate is on GitHub: its bot's login (`<slug>[bot]`) and its app id. */
export interface AppIdentity {
  login: string;
  id: number;
}

/**
 * Our identity, to recognise what we wrote: a marker on a comment or a check run's name could be
 * forged by anyone who can comment or run a workflow, but not the author or the app behind it.
 * Asked once per process with the app's own credentials, then kept.
 */
export function createAppIdentity(appOctokit: () => Promise<Octokit>): () => Promise<AppIdentity> {
  let identity: Promise<AppIdentity> | undefined;
  return () => {
    identity ??= appOctokit()
      .then((octokit) => octokit.rest.apps.getAuthenticated())
      .then(({ data }) => ({ login: `${data?.slug ?? "squadgate"}[bot]`, id: data?.id ?? 0 }))
      .catch((error: unknown) => {
        identity = undefined; // try again on the next event
        throw error;
      });
    return identity;
  };
}
