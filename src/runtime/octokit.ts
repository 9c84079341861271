import { ProbotOctokit } from "probot";
import type { Metrics } from "./metrics.js";

/** Rate-limited requests are retried this many times before the write is given up. */
const RATE_LIMIT_RETRIES = 2;

type RequestOptions = { method?: string; url?: string };
type Response = { status?: number; headers?: Record<string, string | number | undefined> };
interface Hookable {
  hook: {
    wrap(
      name: "request",
      wrapper: (request: (options: RequestOptions) => Promise<Response>, options: RequestOptions) => Promise<Response>,
    ): void;
  };
}

/**
 * The Octokit every entry point (server, Action, serverless) uses. On top of Probot's defaults it
 * retries secondary rate limits (403/429 with retry-after) a couple of times instead of dropping
 * the write, and, given metrics, counts requests by route template and status and keeps the
 * latest rate-limit headroom.
 */
export function squadgateOctokit(metrics?: Metrics): typeof ProbotOctokit {
  const Base = metrics
    ? ProbotOctokit.plugin((octokit: unknown) => countRequests(octokit as Hookable, metrics))
    : ProbotOctokit;
  return Base.defaults((options: Record<string, unknown>) => {
    const throttle = (options["throttle"] ?? {}) as Record<string, unknown>;
    const retryLimited =
      (kind: string) =>
      (
        retryAfter: number,
        request: { method: string; url: string },
        octokit: { log: { warn: (msg: string) => void } },
        retryCount: number,
      ) => {
        octokit.log.warn(
          `${kind} rate limit on ${request.method} ${request.url}; retry ${retryCount + 1} in ${retryAfter}s`,
        );
        return retryCount < RATE_LIMIT_RETRIES;
      };
    return {
      ...options,
      throttle: { ...throttle, onRateLimit: retryLimited("Primary"), onSecondaryRateLimit: retryLimited("Secondary") },
    };
  }) as typeof ProbotOctokit;
}

function countRequests(octokit: Hookable, metrics: Metrics): void {
  octokit.hook.wrap("request", async (request, options) => {
    const labels = { method: options.method ?? "GET", route: routeOf(options.url) };
    try {
      const response = await request(options);
      observe(metrics, labels, response);
      return response;
    } catch (error) {
      observe(metrics, labels, (error as { response?: Response }).response, (error as { status?: number }).status);
      throw error;
    }
  });
}

function observe(
  metrics: Metrics,
  labels: { method: string; route: string },
  response: Response | undefined,
  status?: number,
): void {
  metrics.githubRequests.inc({ ...labels, status: String(response?.status ?? status ?? "network-error") });
  const remaining = Number(response?.headers?.["x-ratelimit-remaining"]);
  if (response?.headers?.["x-ratelimit-remaining"] !== undefined && Number.isFinite(remaining)) {
    metrics.rateLimitRemaining.set({ resource: String(response.headers["x-ratelimit-resource"] ?? "core") }, remaining);
  }
}

/**
 * The route template (`/repos/{owner}/{repo}/pulls/{pull_number}`) keeps the label bounded. Later
 * pages of a listing are requested by the absolute URL GitHub linked, which names the repository:
 * those are counted together.
 */
export const routeOf = (url: string | undefined) =>
  !url ? "(unknown)" : url.includes("://") ? "(next page)" : (url.split("?")[0] ?? url);
