import type { Octokit } from "./types.js";

/**
 * Our bot's login (`<slug>[bot]`), to recognise our own comments: a marker alone could be forged by
 * anyone who can comment. Asked once per process with the app's own credentials, then kept.
 */
export function createAppIdentity(appOctokit: () => Promise<Octokit>): () => Promise<string> {
  let login: Promise<string> | undefined;
  return () => {
    login ??= appOctokit()
      .then((octokit) => octokit.rest.apps.getAuthenticated())
      .then(({ data }) => `${data?.slug ?? "squadgate"}[bot]`)
      .catch((error: unknown) => {
        login = undefined; // try again on the next event
        throw error;
      });
    return login;
  };
}
