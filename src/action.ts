import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { loadFromEnv } from "./runtime/from-env.js";

/**
 * Squadgate as a GitHub Actions step (`action.yml`): it handles the event of the workflow it runs
 * in, with the Squadgate app's own credentials (APP_ID and PRIVATE_KEY), so its check runs come from
 * the app and stay pinnable. A workflow's event carries no installation: the app looks up its
 * installation on the repository and works with that installation's token, as the server does.
 * `pull_request_target` is the same event as `pull_request` (run for forks, with secrets).
 */
const ALIASES: Record<string, string> = { pull_request_target: "pull_request" };

export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const eventName = required(env, "GITHUB_EVENT_NAME");
  const payload = JSON.parse(readFileSync(required(env, "GITHUB_EVENT_PATH"), "utf8")) as Record<string, unknown>;
  const repository = payload["repository"] as { owner: { login: string }; name: string } | undefined;
  if (!repository) throw new Error(`the ${eventName} event names no repository: Squadgate has nothing to do`);
  // Actions always sets GITHUB_API_URL; GHE_HOST, when set, wins as it does for the server.
  const { probot, squadgate, runtime } = await loadFromEnv({
    env,
    ...(env["GHE_HOST"] ? {} : env["GITHUB_API_URL"] ? { baseUrl: env["GITHUB_API_URL"] } : {}),
  });
  try {
    const appOctokit = await probot.auth();
    const { data } = await appOctokit.rest.apps.getRepoInstallation({
      owner: repository.owner.login,
      repo: repository.name,
    });
    const id = `${env["GITHUB_RUN_ID"] ?? randomUUID()}-${env["GITHUB_RUN_ATTEMPT"] ?? "1"}`;
    await probot.receive({
      id,
      name: (ALIASES[eventName] ?? eventName) as never,
      payload: { ...payload, installation: { id: data.id } } as never,
    });
    await squadgate.idle();
  } finally {
    await runtime.close();
  }
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set: run this as a step of a GitHub Actions workflow`);
  return value;
}

await runAction().then(
  // Exit even when a client (Probot's throttling over REDIS_URL) would keep the step running.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
