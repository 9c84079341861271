import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import squadgate from "../../src/index.js";
import { countRoundTrips } from "./round-trips.js";

/** The real app in a Probot without network retries or throttling, logging into `logs`. */
/** The secret that signs checklist tick records in tests. */
export const TEST_SECRET = "test-secret";

export async function createTestProbot(): Promise<{ probot: Probot; logs: Record<string, unknown>[] }> {
  process.env["SQUADGATE_SECRET"] = TEST_SECRET;
  const logs: Record<string, unknown>[] = [];
  const log = pino({ level: "debug" }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const probot = new Probot({
    githubToken: "test-token",
    log,
    // The function form matters: Probot overwrites an object-form `throttle` and would re-enable it.
    Octokit: ProbotOctokit.plugin(countRoundTrips).defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { ...(options["throttle"] as object), enabled: false },
    })),
  });
  await probot.load(squadgate);
  return { probot, logs };
}
