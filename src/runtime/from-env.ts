import { createProbot, type Probot } from "probot";
import { createSquadgate, type SquadgateApp } from "../index.js";
import { squadgateOctokit } from "./octokit.js";
import { createRuntime, type Runtime } from "./runtime.js";
import { readSettings, type Settings } from "./settings.js";

export interface Loaded {
  probot: Probot;
  squadgate: SquadgateApp;
  runtime: Runtime;
  settings: Settings;
}

/**
 * Squadgate in a Probot built from environment variables, as the Action and serverless entries run
 * it: the same app, Octokit and (given `REDIS_URL`) shared turns as the server, without a server.
 * `baseUrl` points it at another GitHub API (an Action's `GITHUB_API_URL`).
 */
export async function loadFromEnv(input: { env?: NodeJS.ProcessEnv; baseUrl?: string } = {}): Promise<Loaded> {
  const env = input.env ?? process.env;
  const settings = readSettings(env);
  const runtime = await createRuntime(settings);
  const squadgate = createSquadgate({ lock: runtime.coordinator.lock, caches: runtime.caches });
  const probot = createProbot({
    env,
    overrides: { Octokit: squadgateOctokit(), ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}) },
  });
  await probot.load(squadgate.app);
  return { probot, squadgate, runtime, settings };
}
